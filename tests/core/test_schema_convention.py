"""One camelCase convention for the API (issue 11): every schema derives from `CamelSchema`,
whose alias generator makes the JSON keys; no schema spells out an alias the generator makes."""

import pytest
from pydantic import BaseModel

import unicon.api  # noqa: F401  (imports every router and schema)
from unicon.core.schemas import CamelSchema, to_camel


def _schemas() -> list[type[BaseModel]]:
    seen, todo = [], [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("unicon.") and "[" not in sub.__name__:
                seen.append(sub)
    return seen


def test_there_are_schemas_to_check():
    names = {cls.__name__ for cls in _schemas()}
    assert {"ShipmentOut", "ShipmentCreateIn", "VehicleOut", "ErrorOut"} <= names


@pytest.mark.parametrize("cls", _schemas(), ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_schema_uses_the_one_convention(cls):
    assert issubclass(cls, CamelSchema), f"{cls.__name__} does not derive from CamelSchema"
    for name, field in cls.model_fields.items():
        assert name == name.lower(), f"{cls.__name__}.{name}: Python names are snake_case"
        written = {  # by hand, not made by the generator
            value
            for key, value in field._attributes_set.items()
            if key in ("alias", "validation_alias", "serialization_alias")
            and isinstance(value, str)
        }
        redundant = written & {name, to_camel(name)}
        assert not redundant, f"{cls.__name__}.{name}: alias {redundant} is the generator's"


def test_no_two_schemas_share_a_name():
    """The OpenAPI document keys its components by class name: two schemas of one name would
    leave one endpoint documented with the other's fields (costs' `ReviewIn` once described
    the shipments review)."""
    by_name: dict[str, list[str]] = {}
    for cls in set(_schemas()):  # a class met twice through two bases is one schema
        by_name.setdefault(cls.__name__, []).append(cls.__module__)
    assert {name: mods for name, mods in by_name.items() if len(mods) > 1} == {}
