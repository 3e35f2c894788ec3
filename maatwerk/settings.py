"""Settings for Maatwerk, read from the environment (django-environ).

One module for every environment. ``DJANGO_ENV`` selects the mode:

* ``development`` (default): DEBUG on, SQLite file in the project folder unless
  ``DATABASE_URL`` says otherwise, a development SECRET_KEY.
* ``production``: DEBUG off, SECRET_KEY and ALLOWED_HOSTS required, HTTPS-only cookies,
  HSTS and the rest of Django's deployment checklist (``manage.py check --deploy`` is clean).

Every variable is documented in docs/deployment.md.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

_DEV_SECRET_KEY = "dev-only-insecure-key-maatwerk-never-use-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required in production.")
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "simple_history",
    "maatwerk.apps.AxesConfig",
    "csp",
    "accounts",
    "cards",
    "cases",
    "reviews",
    "privacy",
    "policy",
    "precedents",
    "zaaksysteem",
    "insight",
    "django_tasks",
    "maatwerk.apps.TasksConfig",
]

MIDDLEWARE = [
    # The security headers come first, so that every response carries them: also WhiteNoise's
    # static files and SecurityMiddleware's HTTPS redirect, which answer before the rest.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "maatwerk.middleware.AllowedMethodsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cases.access.CaseNotEditableMiddleware",
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    "accounts.middleware.ProviderLogoutMiddleware",
    "maatwerk.middleware.LoginRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "maatwerk.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # WhiteNoise serves the collected, hashed static files from the app servers themselves
    # (no separate static host needed). In development runserver serves them.
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "maatwerk.urls"
WSGI_APPLICATION = "maatwerk.wsgi.application"
ASGI_APPLICATION = "maatwerk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maatwerk.context_processors.navigation",
                "maatwerk.context_processors.theme",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/maatwerk; the embedded default is a
# SQLite file in the project folder so that a first run needs nothing installed.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
_default_db = DATABASES["default"]
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so a read-check-write in
    # transaction.atomic() (optimistic locking) cannot interleave with another writer.
    _default_db.setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # Tests use a file, not Django's shared in-memory database: the live server's threads
    # then each have their own connection, as in production, instead of sharing one
    # connection whose transactions could interleave between concurrent requests.
    _default_db.setdefault("TEST", {}).setdefault("NAME", str(BASE_DIR / "test-db.sqlite3"))
else:
    _default_db.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    _default_db.setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Authentication and sessions ------------------------------------------------------------
# Login through the organisation's identity provider (OpenID Connect, mozilla-django-oidc):
# on when a client id is set. Local passwords stay for development and the demo and can be
# switched off (PASSWORD_LOGIN=false). Every variable is in docs/deployment.md.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
# The issuer; the endpoints below are read from its discovery document when not set.
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")
# The ID token stays in the session as the hint for the logout at the provider.
OIDC_STORE_ID_TOKEN = True
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid profile email")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
# MFA is the identity provider's job; the app can require that it happened: a login is
# refused unless the ID token's acr is one of OIDC_REQUIRED_ACR / its amr holds one of
# OIDC_REQUIRED_AMR (each checked only when set).
OIDC_REQUIRED_ACR = env.list("OIDC_REQUIRED_ACR", default=[])
OIDC_REQUIRED_AMR = env.list("OIDC_REQUIRED_AMR", default=[])
OIDC_LEEWAY_SECONDS = env.int("OIDC_LEEWAY_SECONDS", default=30)
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_USE_PKCE = True
OIDC_AUTHENTICATE_CLASS = "accounts.oidc.StartView"
OIDC_CALLBACK_CLASS = "accounts.oidc.CallbackView"
LOGIN_REDIRECT_URL_FAILURE = "accounts:oidc_failed"
PASSWORD_LOGIN = env.bool("PASSWORD_LOGIN", default=True)
if not PASSWORD_LOGIN and not OIDC_ENABLED:
    raise ImproperlyConfigured("PASSWORD_LOGIN=false needs OpenID Connect (OIDC_RP_CLIENT_ID).")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.oidc.Backend",
    *(["django.contrib.auth.backends.ModelBackend"] if PASSWORD_LOGIN else []),
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.DutchCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.VarietyPasswordValidator"},
]
# Every form puts the focus on its first field in error (maatwerk/forms.py).
FORM_RENDERER = "maatwerk.forms.Renderer"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Absolute session lifetime (from login) and inactivity timeout, both in seconds.
SESSION_COOKIE_AGE = env.int("SESSION_MAX_AGE", default=10 * 60 * 60)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Messages live in the server-side session, not in a signed (readable) cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Login throttling (django-axes): lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Number of reverse proxies in front of the app; only then is X-Forwarded-For trusted.
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=None)

# --- Zaaksysteem (ZGW APIs): the approved verantwoording as a document of the zaak ------------
# Off unless every value is set; see docs/zaaksysteem.md.
ZGW_ZAKEN_ROOT = env.str("ZGW_ZAKEN_ROOT", default="").rstrip("/")
ZGW_DOCUMENTEN_ROOT = env.str("ZGW_DOCUMENTEN_ROOT", default="").rstrip("/")
ZGW_BESLUITEN_ROOT = env.str("ZGW_BESLUITEN_ROOT", default="").rstrip("/")
ZGW_CLIENT_ID = env.str("ZGW_CLIENT_ID", default="")
ZGW_SECRET = env.str("ZGW_SECRET", default="")
ZGW_RSIN = env.str("ZGW_RSIN", default="")  # bronorganisatie / verantwoordelijke organisatie
ZGW_INFORMATIEOBJECTTYPE = env.str("ZGW_INFORMATIEOBJECTTYPE", default="")
ZGW_BESLUITTYPE = env.str("ZGW_BESLUITTYPE", default="")
# Outcomes recorded as a besluit (the others go as a document only).
ZGW_BESLUIT_OUTCOMES = env.list("ZGW_BESLUIT_OUTCOMES", default=["maatwerk", "geen"])
ZGW_TIMEOUT = env.float("ZGW_TIMEOUT", default=15)
ZGW_MAX_ATTEMPTS = env.int("ZGW_MAX_ATTEMPTS", default=6)
ZGW_RETRY_SECONDS = env.int("ZGW_RETRY_SECONDS", default=60)  # doubled after every attempt
ZGW_ENABLED = all([ZGW_ZAKEN_ROOT, ZGW_DOCUMENTEN_ROOT, ZGW_BESLUITEN_ROOT, ZGW_CLIENT_ID,
                   ZGW_SECRET, ZGW_RSIN, ZGW_INFORMATIEOBJECTTYPE, ZGW_BESLUITTYPE])

# Background jobs (django-tasks, the backport of Django 6's tasks API) in the database:
# `manage.py db_worker` runs them (started by `make run`; docs/deployment.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Security headers -----------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
CSRF_FAILURE_VIEW = "maatwerk.views.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Only when the proxy in front always overwrites this header (docs/deployment.md).
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
# Dutch for third-party apps without a Dutch catalogue (axes, django-tasks-db): locale/nl.
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Look: NL Design System -----------------------------------------------------------------
# Pages use the Utrecht component library's class names (static/vendor/utrecht-component-
# library-css, EUPL) and take their colours from a theme of design tokens. The open example
# theme ships with the app; a municipality plugs in its own (docs/deployment.md): a folder
# with its tokens CSS (THEME_STATIC_DIR, served as static files), the file's path in it
# (THEME_CSS) and the class its tokens are scoped to (THEME_CLASS).
THEME_CSS = env("THEME_CSS", default="vendor/voorbeeld-design-tokens/theme.css")
THEME_CLASS = env("THEME_CLASS", default="voorbeeld-theme")
if env("THEME_STATIC_DIR", default=""):
    STATICFILES_DIRS.append(env("THEME_STATIC_DIR"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if PRODUCTION
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="maatwerk@localhost")
# Notifications by e-mail are optional; off unless asked for.
MAATWERK_SEND_EMAIL = env.bool("MAATWERK_SEND_EMAIL", default=False)
# Absolute base URL used in e-mails, e.g. https://maatwerk.gemeente.nl
MAATWERK_BASE_URL = env.str("MAATWERK_BASE_URL", default="http://127.0.0.1:8000")

# --- Application ----------------------------------------------------------------------------
MAATWERK_ORGANISATION = env.str("MAATWERK_ORGANISATION", default="Gemeente Voorbeeld")
# Rendering a PDF longer than this many seconds is stopped (docs/security.md).
MAATWERK_PDF_TIMEOUT = env.int("MAATWERK_PDF_TIMEOUT", default=30)
# A PDF that is not kept yet is made by the background worker while the user sees "wordt
# gemaakt" (cases.pdf_cache); false renders it in the web request. When no worker took the
# task up after this many seconds, the waiting page renders it itself.
MAATWERK_PDF_BACKGROUND = env.bool("MAATWERK_PDF_BACKGROUND", default=True)
MAATWERK_PDF_WORKER_WAIT = env.int("MAATWERK_PDF_WORKER_WAIT", default=5)

# --- Caches ----------------------------------------------------------------------------------
# "insight": teaminzicht over all teams (a beleidsmaker's view, no names), counted at most
# once per MAATWERK_INSIGHT_MAX_AGE seconds and shared by every web worker: at a million
# cases it aggregates some 300 000 decisions (issue 18). A database table by default, made by
# migrate (insight.apps); INSIGHT_CACHE_URL may name another backend (rediscache://…).
# 0 counts on every request.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "insight": env.cache("INSIGHT_CACHE_URL", default="dbcache://maatwerk_cache"),
    # Walk pages kept while nothing they show changed (cases.page_cache): per process, so a
    # new release never serves a page an older one rendered. 500 pages of 20–60 KB.
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
              "LOCATION": "pages", "OPTIONS": {"MAX_ENTRIES": 500}},
}
MAATWERK_PAGE_CACHE = env.bool("MAATWERK_PAGE_CACHE", default=True)
MAATWERK_PAGE_CACHE_SECONDS = env.int("MAATWERK_PAGE_CACHE_SECONDS", default=600)
MAATWERK_INSIGHT_MAX_AGE = env.int("MAATWERK_INSIGHT_MAX_AGE", default=900)

# --- Logging: no personal data in logs (docs/security.md) -----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Error reports would carry request bodies (case text); keep only the traceback line.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
