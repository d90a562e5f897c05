from django.db import models
from django.utils.translation import gettext_lazy as _


def mode_name(maintenance: bool, read_only: bool) -> str:
    """The mode's name as reported ("maintenance" wins over "read-only", else "normal")."""
    if maintenance:
        return "maintenance"
    if read_only:
        return "read-only"
    return "normal"


class SystemMode(models.Model):
    """The one row (pk=1) saying whether the system is in maintenance or read-only mode.

    Stored in the database so every app process sees the same state; read through
    `unicon.runbook.modes.current()`, which keeps it for a few seconds per process.
    """

    SINGLETON_PK = 1

    maintenance = models.BooleanField(_("maintenance"), default=False)
    read_only = models.BooleanField(_("read-only"), default=False)
    message = models.CharField(_("message"), max_length=500, blank=True)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    changed_by = models.CharField(_("changed by"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("system mode")
        verbose_name_plural = _("system mode")
        constraints = [
            models.CheckConstraint(name="ops_systemmode_singleton", condition=models.Q(pk=1))
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return mode_name(self.maintenance, self.read_only)


class ArchivedFile(models.Model):
    """A stored file of a shipment that `archive-old-data` moved out of the live tables.

    The index of the data archives' manifests, kept in the database so the orphan sweep can
    ask "does any archive refer to this key?" without opening every archive, and so
    `restore-pod` can say which archive holds a shipment. A row is removed when its archive is
    restored (the file is then referred to by a live row again).
    """

    key = models.CharField(_("storage key"), max_length=255, unique=True)
    shipment_number = models.CharField(_("shipment number"), max_length=32, db_index=True)
    archive_url = models.CharField(_("data archive"), max_length=1000)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    carried = models.BooleanField(_("carried in the archive"), default=True)
    archived_at = models.DateTimeField(_("archived at"))

    class Meta:
        verbose_name = _("archived file")
        verbose_name_plural = _("archived files")

    def __str__(self) -> str:
        return self.key
