"""The one settings module. Every knob comes from the environment (see docs/configuration.md)."""

from __future__ import annotations

import secrets
from pathlib import Path

from khth.lib.envvars import (
    ConfigError,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_database_url,
    sqlite_database,
)

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("KHTH_DATA_DIR", "data")).resolve()


def _secret_key() -> str:
    # A fresh install must run with one command, so the key is generated once and kept in the
    # data directory; a deployment can pin it with KHTH_SECRET_KEY instead.
    configured = env_str("KHTH_SECRET_KEY", "")
    if configured:
        # Django's deployment check wants 50 characters of at least 5 kinds; a shorter key
        # would be refused there anyway, so it is refused here, at start-up.
        if len(configured) < 50 or len(set(configured)) < 5:
            raise ConfigError(
                "KHTH_SECRET_KEY: must be at least 50 characters, of at least 5 different ones"
            )
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("KHTH_DEBUG", False)
ALLOWED_HOSTS = env_list("KHTH_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("KHTH_CSRF_TRUSTED_ORIGINS", [])

_database_url = env_str("DATABASE_URL", "")
DATABASES = {
    "default": parse_database_url(_database_url)
    if _database_url
    else sqlite_database(DATA_DIR / "khth.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "khth.audit",
    "khth.regulations",
    "khth.periods",
    "khth.units",
    "khth.accounts",
    "khth.notifications",
    "khth.reports",
    "khth.synthesis",
    "khth.plans",
    "khth.evaluations",
    "khth.docsystem.records",
    "khth.docsystem.register",
    "khth.search",
    "khth.inspections",
    "khth.awards",
    "khth.reviews",
    "khth.practice",
    "khth.coordination",
    "khth.directives",
    "khth.home",
    "khth.web",
    "khth.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "khth.web.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khth.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "khth.web.middleware.RegulationMissingMiddleware",
    "khth.web.busy.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "khth.urls"
WSGI_APPLICATION = "khth.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "khth.web.context.navigation",
                "khth.notifications.context.unread",
                "khth.web.csp.nonce",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Kept so that a hash made by an older default can still be verified and upgraded on login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("KHTH_SESSION_SECONDS", 8 * 3600, minimum=300)
SESSION_COOKIE_SECURE = env_bool("KHTH_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS, for a site behind TLS (docs/configuration.md, "Production"). All off by default: the
# one-command start serves plain HTTP on 127.0.0.1, and HSTS sent once cannot be taken back
# from the browsers that saw it.
SECURE_SSL_REDIRECT = env_bool("KHTH_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("KHTH_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KHTH_HSTS_INCLUDE_SUBDOMAINS", False)
if env_bool("KHTH_BEHIND_TLS_PROXY", False):
    # The proxy ends TLS and says so in this header; only trusted when the proxy sets it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The HSTS preload list is built into public browsers for public domains; a closed network's host
# names can never be on it, so the check that asks for it does not apply.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# A form sent with a stale token gets a page that says how to recover the typed text.
CSRF_FAILURE_VIEW = "khth.web.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login throttling (khth.accounts.throttle): counted per (account, address) so one gateway that
# hides a whole unit cannot lock everybody out by one person's typing.
KHTH_LOGIN_FREE_FAILURES = env_int("KHTH_LOGIN_FREE_FAILURES", 3, minimum=1)
KHTH_LOGIN_LOCK_FAILURES = env_int("KHTH_LOGIN_LOCK_FAILURES", 10, minimum=2)
KHTH_LOGIN_LOCK_SECONDS = env_int("KHTH_LOGIN_LOCK_SECONDS", 15 * 60, minimum=1)
KHTH_API_TOKEN_DAYS = env_int("KHTH_API_TOKEN_DAYS", 30, minimum=1)

# E-mail besides the in-app notifications: off unless an SMTP host is set (a closed network's
# own mail server; KHTH never sends anywhere else).
EMAIL_HOST = env_str("KHTH_EMAIL_HOST", "")
KHTH_EMAIL_ENABLED = bool(EMAIL_HOST)
EMAIL_PORT = env_int("KHTH_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("KHTH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("KHTH_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KHTH_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("KHTH_EMAIL_FROM", "khth@localhost")
# How users reach KHTH, for the links in e-mails ("https://khth.f330.mil"); empty: paths only.
KHTH_BASE_URL = env_str("KHTH_BASE_URL", "").rstrip("/")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("KHTH_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"

# Vendored files are few and small: serve them straight from the app folders so that the one-command
# start needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded files (evidence, attachments). Several app servers behind one proxy must all see the
# same folder (a shared mount), so it can be set apart from the data directory.
MEDIA_ROOT = Path(env_str("KHTH_MEDIA_DIR", str(DATA_DIR / "media"))).resolve()
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KHTH_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
