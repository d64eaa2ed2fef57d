import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. The person behind it (name, address, roles) is a people.Person per network."""

    totp_secret = models.CharField(max_length=64, blank=True)
    totp_enabled = models.BooleanField(_("two-step login"), default=False)
    # The last TOTP time step used: a code is accepted once (no replay within its validity window).
    totp_last_step = models.BigIntegerField(default=0)
    preferred_language = models.CharField(max_length=5, blank=True)
    large_text = models.BooleanField(_("larger text"), default=False)


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def new_token(cls) -> str:
        return "zz_" + secrets.token_urlsafe(32)


class RecoveryCode(models.Model):
    """A one-time code for logging in without the phone. Only a hash is stored; the codes are shown
    once, when made. The codes carry 80 random bits, so an unsalted SHA-256 cannot be reversed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "digest"])]

    @staticmethod
    def normalise(code: str) -> str:
        return "".join(ch for ch in (code or "").lower() if ch.isalnum())

    @classmethod
    def hash(cls, code: str) -> str:
        return hashlib.sha256(cls.normalise(code).encode()).hexdigest()


class LoginThrottle(models.Model):
    """Failed logins counted per key (a user name at an address, or an address). One row per key,
    updated under a row lock so that parallel attempts cannot overshoot the limit."""

    key = models.CharField(max_length=64, unique=True)  # SHA-256 of the key: no user names stored
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)
