"""The review's SVG charts: figures written on them, gaps where a period has none, links to the
sources, and names that cannot break the markup."""

from __future__ import annotations

from decimal import Decimal

from khth.reviews.charts import Column, LinePoint, Series, line_chart, stacked_columns


def test_a_line_breaks_where_a_period_has_no_figure_and_links_each_point():
    points = [
        LinePoint("Năm 2020", Decimal(5), "5", "/a/"),
        LinePoint("Năm 2021", None, ""),
        LinePoint("Năm 2022", Decimal(7), "7", "/b/"),
        LinePoint("Năm 2023", Decimal(12), "12", "/c/"),
    ]
    svg = str(line_chart(points, chart_id="t", title="Kết nạp <b>", whole=True))
    assert svg.count("<polyline") == 1  # 2020 stands alone; 2022–2023 are joined
    assert svg.count('<g class="point">') == 3 and svg.count('class="point empty"') == 1
    assert '<a href="/c/">' in svg and ">12</text>" in svg
    assert "Kết nạp &lt;b&gt;" in svg and "<b>" not in svg
    assert "Năm 2021: không có số liệu" in svg
    # A count's axis: 0, 10, 20 — never a half.
    assert ">10</text>" in svg and ">20</text>" in svg and "," not in svg.split("<desc")[0]


def test_percentages_run_to_a_hundred():
    svg = str(
        line_chart(
            [LinePoint("Tháng 1/2024", Decimal("95.8"), "95,8%")],
            chart_id="p",
            title="x",
            percentage=True,
        )
    )
    assert ">100%</text>" in svg and ">95,8%</text>" in svg


def test_stacked_columns_write_each_count_and_the_total():
    series = [Series("on_time", "Đúng hạn", "#0a0"), Series("late", "Chậm & trễ", "#a80")]
    svg = str(
        stacked_columns(
            [Column("Năm 2023", (10, 4)), Column("Năm 2024", (0, 0))],
            series,
            chart_id="s",
            title="Báo cáo",
        )
    )
    assert svg.count('data-series="on_time"') == 1 and svg.count('data-series="late"') == 1
    assert ">14</text>" in svg  # the total over the column
    assert "Năm 2023: Đúng hạn: 10, Chậm &amp; trễ: 4" in svg
    assert "Năm 2024: không có" in svg
