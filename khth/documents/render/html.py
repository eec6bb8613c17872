"""What the print page (reports/print.html) needs beyond the document: its CSS, from the same
format data as the DOCX, so the printout and the file agree."""

from __future__ import annotations

import re

from khth.regulations.schema.formats import FamilyFormat, TextStyle

_FONT_NAME = re.compile(r"[^\w \-]", re.UNICODE)


def _number(value: float) -> str:
    # CSS wants "20.5", never the Vietnamese "20,5" a localised template would print.
    return f"{value:g}"


def declarations(style: TextStyle) -> str:
    parts = [f"font-size: {_number(style.size)}pt"]
    parts.append(f"font-weight: {'bold' if style.bold else 'normal'}")
    parts.append(f"font-style: {'italic' if style.italic else 'normal'}")
    if style.underline:
        parts.append("text-decoration: underline")
    if style.upper:
        parts.append("text-transform: uppercase")
    return "; ".join(parts)


def print_css(fmt: FamilyFormat) -> str:
    """The page's style sheet. Only numbers and a cleaned font name come from the data, so it
    is safe to put in a <style> element as it is."""
    font = _FONT_NAME.sub("", fmt.font).strip() or "Times New Roman"
    margins = fmt.margins
    width = 210 - margins.left - margins.right
    styles = {
        "superior": fmt.superior,
        "issuer": fmt.issuer,
        "number": fmt.number,
        "place-date": fmt.place_date,
        "doc-title": fmt.title,
        "summary": fmt.summary,
        "body": fmt.body,
        "cell": fmt.table,
        "rcpt-label": fmt.recipients_label,
        "rcpt": fmt.recipients_list,
        "sig-authority": fmt.signature_authority,
        "sig-title": fmt.signature_title,
        "sig-name": fmt.signature_name,
    }
    for depth, style in enumerate(fmt.headings):
        styles[f"h{depth}"] = style
    for index, line in enumerate(fmt.motto):
        styles[f"motto{index}"] = line
    rules = [
        f"@page {{ size: A4; margin: {_number(margins.top)}mm {_number(margins.right)}mm "
        f"{_number(margins.bottom)}mm {_number(margins.left)}mm; }}",
        f'body {{ font-family: "{font}", "Liberation Serif", "Times", serif; '
        f"font-size: {_number(fmt.body.size)}pt; color: #000; margin: 0; }}",
        # On a screen narrower than the page (a phone) the sheet narrows with it; on paper it
        # is exactly the type area.
        f".sheet {{ width: {_number(width)}mm; max-width: 100%; margin: 0 auto; }}",
        f".para {{ text-align: justify; text-indent: {_number(fmt.first_line_indent_cm)}cm; "
        f"line-height: {_number(fmt.line_spacing * 1.15)}; margin: 0 0 "
        f"{_number(fmt.paragraph_spacing)}pt 0; }}",
        f".head-left {{ width: {_number(fmt.header_left * 100)}%; }}",
    ]
    rules += [f".{name} {{ {declarations(style)} }}" for name, style in styles.items()]
    rules += [f".lvl{n} {{ margin-left: {_number(0.75 * n)}cm; }}" for n in range(1, 6)]
    return "\n".join(rules)
