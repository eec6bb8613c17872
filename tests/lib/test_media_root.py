from pathlib import Path

from django.conf import settings


def test_the_suite_keeps_uploads_out_of_the_served_data_folder():
    media = Path(settings.MEDIA_ROOT).resolve()
    assert not media.is_relative_to(Path(settings.DATA_DIR).resolve())
    assert media.is_dir()
