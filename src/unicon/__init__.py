"""Unicon Schedule: operations system for a container-trucking company."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("unicon-schedule")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"
