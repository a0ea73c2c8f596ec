"""Source definitions: one YAML file per case system, validated at load.

A new case system with a web interface, a JSON API or an export folder is a YAML file, not code:
URLs, login, CSS selectors and the mapping of page fields onto schema-v1 fields live here.
Definitions are read from the bundled ``connectors/sources/`` and then ``$SUNSHINE_HOME/sources/``
(deployment-specific; same name overrides).  ``${VAR}`` and ``${VAR:-default}`` in strings are
expanded from the environment at load, so credentials and host names stay out of the files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

BUNDLED = Path(__file__).parent / "sources"
_ENV = re.compile(r"\$\{([A-Z0-9_]+)(?::-([^}]*))?\}")


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Schedule(_M):
    interval_seconds: float = Field(gt=0)
    enabled: bool = True


class Politeness(_M):
    autothrottle: bool = True
    start_delay: float = Field(default=1.0, ge=0)
    max_delay: float = Field(default=30.0, ge=0)
    target_concurrency: float = Field(default=2.0, gt=0)
    concurrent_requests: int = Field(default=8, ge=1)
    concurrent_requests_per_domain: int = Field(default=4, ge=1)
    download_delay: float = Field(default=0.0, ge=0)
    retry_times: int = Field(default=3, ge=0, le=10)
    retry_http_codes: list[int] = Field(default_factory=lambda: [500, 502, 503, 504, 522, 524, 408, 429])
    timeout_seconds: float = Field(default=30.0, gt=0)
    user_agent: str = "SunshineConnector/1 (+penalty disclosure)"


class FieldSpec(_M):
    """One value picked from a page with a CSS selector (``::text`` / ``::attr(x)`` as in Scrapy)."""

    css: str
    many: bool = False  # a list of values instead of one
    join: str | None = None  # join several text nodes into one value
    type: Literal["str", "date", "int", "float", "bool", "amount"] = "str"
    map: str | None = None  # name of a value map (e.g. 一般程序 → general)
    required: bool = False
    default: Any = None


class RowsSpec(_M):
    """A repeated block (table rows) whose fields become a list of objects (penalties, parties)."""

    css: str
    fields: dict[str, FieldSpec]
    required: bool = False


class FormLogin(_M):
    type: Literal["form"]
    url: str
    form_css: str = "form"
    username_field: str = "username"
    password_field: str = "password"
    username: str
    password: str
    failure_css: str | None = None  # matches on the page after a failed login


class CookieLogin(_M):
    type: Literal["cookie"]
    cookies: dict[str, str]


class ListSpec(_M):
    url: str
    rows: str
    external_id: FieldSpec
    detail_url: FieldSpec
    marker: FieldSpec | None = None  # e.g. the row's "updated" stamp; unchanged marker = already seen
    next_page: FieldSpec | None = None
    total: FieldSpec | None = None


class AttachmentSpec(_M):
    css: str  # selects the link's href
    required: bool = True


class DetailSpec(_M):
    fields: dict[str, FieldSpec]  # keys are schema-v1 paths: "document_number", "authority.name", ...
    lists: dict[str, RowsSpec] = Field(default_factory=dict)  # "penalties", "parties", "events"
    attachment: AttachmentSpec | None = None
    text: FieldSpec | None = None  # text on the page itself when there is no attachment
    extract_missing: bool = False  # run extract_decision on the text for fields the page lacks

    @model_validator(mode="after")
    def _has_text(self) -> DetailSpec:
        if self.attachment is None and self.text is None:
            raise ValueError("detail needs an attachment or a text selector")
        return self


class Incremental(_M):
    mode: Literal["stop_at_seen", "updated_since", "full"] = "stop_at_seen"
    param: str = "updated_since"  # query parameter for mode updated_since
    requeue_quarantined: bool = True  # refetch details that were quarantined on earlier runs


class WebSource(_M):
    kind: Literal["web"]
    name: str = Field(pattern=r"^[A-Za-z0-9_.:-]+$")
    title: str = ""
    base_url: str
    login: FormLogin | CookieLogin | None = Field(default=None, discriminator="type")
    list: ListSpec
    detail: DetailSpec
    value_maps: dict[str, dict[str, str]] = Field(default_factory=dict)
    defaults: dict[str, Any] = Field(default_factory=dict)  # constant schema fields (e.g. law_area)
    incremental: Incremental = Field(default_factory=Incremental)
    politeness: Politeness = Field(default_factory=Politeness)
    schedule: Schedule | None = None

    @model_validator(mode="after")
    def _maps_exist(self) -> WebSource:
        specs = list(self.detail.fields.values()) + [
            f for r in self.detail.lists.values() for f in r.fields.values()
        ]
        for spec in specs:
            if spec.map and spec.map not in self.value_maps:
                raise ValueError(f"field uses unknown value map {spec.map!r}")
        return self


class TokenAuth(_M):
    url: str  # POST here with client credentials → {"access_token": ..., "expires_in": ...}
    client_id: str
    client_secret: str
    token_field: str = "access_token"


class RestPaging(_M):
    items_path: str = "items"
    next_cursor_path: str = "next_cursor"
    cursor_param: str = "cursor"
    updated_since_param: str = "updated_since"
    limit_param: str = "limit"
    page_size: int = Field(default=50, ge=1, le=1000)


class RestSource(_M):
    kind: Literal["rest"]
    name: str = Field(pattern=r"^[A-Za-z0-9_.:-]+$")
    title: str = ""
    base_url: str
    endpoint: str
    auth: TokenAuth | None = None
    static_token: str | None = None
    paging: RestPaging = Field(default_factory=RestPaging)
    decision_path: str | None = "decision"  # where the schema-v1 object sits in an item (None: the item)
    updated_path: str = "updated_at"
    external_id_path: str | None = None  # default: the decision's own external_id
    retries: int = Field(default=4, ge=0, le=10)
    backoff_seconds: float = Field(default=0.5, ge=0)
    timeout_seconds: float = Field(default=30.0, gt=0)
    schedule: Schedule | None = None


class FileDropSource(_M):
    kind: Literal["filedrop"]
    name: str = Field(pattern=r"^[A-Za-z0-9_.:-]+$")
    title: str = ""
    path: str = "inbox"  # relative to SUNSHINE_HOME unless absolute
    done_path: str | None = "inbox-done"  # processed files move here (None: leave them)
    schedule: Schedule | None = None


SourceDef = Annotated[WebSource | RestSource | FileDropSource, Field(discriminator="kind")]
_ADAPTER: TypeAdapter[WebSource | RestSource | FileDropSource] = TypeAdapter(SourceDef)


class SourceError(ValueError):
    """A missing or invalid source definition."""


def _expand(value: Any) -> Any:
    if isinstance(value, str):
        return _ENV.sub(
            lambda m: os.environ.get(m.group(1), m.group(2) if m.group(2) is not None else ""), value
        )
    if isinstance(value, dict):
        return {k: _expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v) for v in value]
    return value


def parse_source(raw: Any, origin: str = "<memory>") -> WebSource | RestSource | FileDropSource:
    try:
        return _ADAPTER.validate_python(_expand(raw))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors(include_input=False)
        )
        raise SourceError(f"{origin}: invalid source definition: {problems}") from exc


def source_dirs() -> list[Path]:
    from sunshine.settings import get_settings

    dirs = [BUNDLED, get_settings().home / "sources"]
    extra = os.environ.get("SUNSHINE_CONNECTOR_SOURCES")
    if extra:
        dirs.extend(Path(p) for p in extra.split(os.pathsep) if p)
    return dirs


def _files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in source_dirs():
        if folder.is_dir():
            for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
                found[path.stem] = path
    return found


def load_file(path: Path) -> WebSource | RestSource | FileDropSource:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"{path}: cannot read YAML ({type(exc).__name__})") from exc
    source = parse_source(raw, str(path))
    if source.name != path.stem:
        raise SourceError(f"{path}: name {source.name!r} must equal the file name")
    return source


def load_source(name: str) -> WebSource | RestSource | FileDropSource:
    path = _files().get(name)
    if path is None:
        raise SourceError(
            f"no source definition named {name!r} (looked in {', '.join(map(str, source_dirs()))})"
        )
    return load_file(path)


def all_sources() -> list[WebSource | RestSource | FileDropSource]:
    return [load_file(p) for p in _files().values()]
