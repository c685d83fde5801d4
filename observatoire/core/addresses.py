"""Addresses of the published site: absolute when it has a public address, relative to its root otherwise."""

from __future__ import annotations

from urllib.parse import urlsplit


def normalize_site_url(site_url: str | None) -> str:
    """``""`` for an offline build, else the address ending with ``/``."""
    site_url = (site_url or "").strip()
    if not site_url:
        return ""
    return site_url if site_url.endswith("/") else site_url + "/"


def site_host(site_url: str) -> str:
    if not site_url:
        return ""
    return urlsplit(site_url).hostname or ""


def site_address(site_url: str, path: str) -> str:
    """Absolute address when the site has one, else the path relative to the site root."""
    return site_url + path if site_url else path
