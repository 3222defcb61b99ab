"""Judge a submission's test records against the reference run's, outside the learner's kernel.

While grading, the course's checks (``autograder.checks``) only record what the learner's code
produced; the records reach the grader as data (JSON, arrays as ``.npy`` bytes without pickle).
This module decides: for each test cell it compares the learner's records, in order, with the
records the instructor edition made on the same inputs (the *reference run*), using the reference
run's check specifications and tolerances only. Whatever the learner's record claims about
expectations or tolerances is ignored, and a missing, extra or malformed record fails its test.

Messages follow the checks' style. For hidden tests they name the check and what was wrong with
the learner's value (type, dtype, shape), never an expected value.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from .checks import (
    MAX_ELEMENTS,
    REFERENCE,
    CheckFailed,
    assert_accuracy,
    assert_close,
    assert_equal,
    assert_unchanged,
    expect_shape,
)

CHECKS = frozenset({"type", "tensor", "variable", "array", "close", "equal", "same", "unchanged", "match", "accuracy"})
# Checks whose failure message would show an expected value: hidden tests report them without it.
VALUE_CHECKS = frozenset({"close", "equal", "unchanged", "match", "accuracy"})
MAX_RECORDS_PER_PART = 5_000
MAX_NPY_BYTES = 8 * MAX_ELEMENTS + 4096
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,79}$")
_TEXT = re.compile(r"^[A-Za-z0-9_.\[\]<>, ()-]{0,200}$")


class Malformed(ValueError):
    """A record that is not what the course's checks write."""


@dataclass(frozen=True)
class Verdict:
    passed: bool
    message: str
    checks: int = 0


# -- decoding untrusted records ---------------------------------------------------------------------


def _array(field: Any) -> np.ndarray | None:
    if field is None:
        return None
    if not isinstance(field, str) or len(field) > MAX_NPY_BYTES * 4 // 3 + 8:
        raise Malformed("array field")
    try:
        raw = base64.b64decode(field, validate=True)
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except (binascii.Error, ValueError, OSError, EOFError) as error:
        raise Malformed(f"array: {error.__class__.__name__}") from None
    if type(array) is not np.ndarray or array.dtype.kind not in "biuf" or array.size > MAX_ELEMENTS:
        raise Malformed("array content")
    return array


def value_array(value: dict, key: str = "array") -> np.ndarray | None:
    return _array(value.get(key))


class Opaque:
    """A recorded value of a kind the checks do not compare (only its type name came back)."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name if _TEXT.match(type_name or "") else "an unknown type"

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


def untag(tagged: Any, depth: int = 0) -> Any:
    """The Python value a ``checks._tag`` record stands for, rebuilt from data alone."""
    if not isinstance(tagged, dict) or depth > 25:
        raise Malformed("tagged value")
    kind = tagged.get("t")
    value = tagged.get("v")
    try:
        if kind == "none":
            return None
        if kind == "bool" and type(value) is bool:
            return value
        if kind == "npbool" and type(value) is bool:
            return np.bool_(value)
        if kind in ("int", "npint") and isinstance(value, str) and len(value) < 5000:
            number = int(value)
            return number if kind == "int" else np.int64(number) if abs(number) < 2**63 else number
        if kind in ("float", "npfloat") and isinstance(value, str) and len(value) < 64:
            number = float(value)
            return number if kind == "float" else np.float64(number)
        if kind == "str" and isinstance(value, str):
            return value
        if kind in ("list", "tuple") and isinstance(value, list):
            items = [untag(v, depth + 1) for v in value]
            return items if kind == "list" else tuple(items)
        if kind == "dict" and isinstance(value, list):
            pairs = {}
            for pair in value:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise Malformed("dict item")
                key = untag(pair[0], depth + 1)
                pairs[key if not isinstance(key, list) else tuple(key)] = untag(pair[1], depth + 1)
            return pairs
        if kind == "other":
            return Opaque(str(tagged.get("type", "")))
    except (TypeError, ValueError, OverflowError):
        raise Malformed("tagged value") from None
    raise Malformed("tagged value")


def parse_record(record: Any) -> dict:
    """A record with the fields the judge reads, checked for type; raises Malformed."""
    if not isinstance(record, dict) or record.get("check") not in CHECKS or not isinstance(record.get("value"), dict):
        raise Malformed("record")
    return record


def _type_name(value: dict) -> str:
    names = value.get("type")
    if isinstance(names, list) and names and isinstance(names[0], str) and _TEXT.match(names[0]):
        return names[0].removeprefix("builtins.")
    return "an unknown type"


def _described(value: dict) -> str:
    text = _type_name(value)
    dtype, shape = value.get("dtype"), value.get("shape")
    if isinstance(dtype, str) and _NAME.match(dtype) and isinstance(shape, list):
        text += f" with shape {_shape(shape)} and dtype {dtype}"
    return text


def _shape(shape: Any) -> tuple:
    if not isinstance(shape, list) or len(shape) > 32 or not all(s is None or type(s) is int for s in shape):
        raise Malformed("shape")
    return tuple(shape)


# -- one check ----------------------------------------------------------------------------------------


def _fail(name: str, expected: str, got: str) -> None:
    raise CheckFailed(f"{name}: expected {expected}, got {got}.")


def _check_dtype_shape(name: str, spec: dict, value: dict) -> None:
    if spec.get("dtype") is not None and value.get("dtype") != spec["dtype"]:
        got = value.get("dtype") if isinstance(value.get("dtype"), str) and _NAME.match(value["dtype"]) else "?"
        _fail(name, f"dtype {spec['dtype']}", f"dtype {got}")
    if spec.get("shape") is not None:
        expect_shape(_shape(value.get("shape")), spec["shape"], name)


def judge_check(reference: dict, learner: dict) -> None:
    """Raise CheckFailed when the learner's record does not satisfy the reference's check."""
    check, name, spec, value = reference["check"], reference["name"], reference.get("spec", {}), learner["value"]
    if learner["check"] != check:
        raise CheckFailed(f"{name}: the test's checks ran in another order (your code changed the test's flow).")
    if check == "type":
        names = set(n for n in value.get("type", []) if isinstance(n, str))
        allowed = [t["qualified"] for t in spec["types"]]
        is_bool = _type_name(value) == "bool"
        if not any(a in names for a in allowed) or (is_bool and "builtins.bool" not in allowed):
            _fail(name, " or ".join(t["name"] for t in spec["types"]), _described(value))
    elif check in ("tensor", "variable", "array"):
        wanted = {"tensor": "a tf.Tensor", "variable": "a tf.Variable", "array": "a NumPy ndarray"}[check]
        kind = {"tensor": "tensor", "variable": "variable", "array": "ndarray"}[check]
        if value.get("kind") != kind:
            _fail(name, wanted, _described(value))
        _check_dtype_shape(name, spec, value)
        if check == "variable" and spec.get("trainable") is not None and value.get("trainable") is not spec["trainable"]:
            _fail(name, f"trainable={spec['trainable']}", f"trainable={value.get('trainable')!r}")
    elif check == "close":
        got = value_array(value)
        if got is None:
            _fail(name, "a number, list, NumPy array or tensor of numbers", _described(value))
        expected = spec.get("expected")
        if expected is not None:
            assert_close(got, value_array(expected), atol=spec["atol"], rtol=spec["rtol"], name=name)
        else:
            assert_close(got, value_array(reference["value"]), atol=spec["atol"], rtol=spec["rtol"], name=name,
                         equal_nan=True)
    elif check == "equal":
        if "py" not in value:
            raise Malformed("equal record")
        actual = untag(value["py"])
        expected = untag(spec["expected"]) if "expected" in spec else untag(reference["value"]["py"])
        assert_equal(actual, expected, name)
    elif check == "same":
        if value.get("same") is not True:
            _fail(name, "the same object that was passed in", f"a different object, {_described(value)}")
    elif check == "unchanged":
        before, after = _pair(value, "before", "after", name)
        assert_unchanged(before, after, name)
    elif check == "match":
        actual, other = _pair(value, "actual", "other", name)
        assert_close(actual, other, atol=spec["atol"], rtol=spec["rtol"], name=name)
    elif check == "accuracy":
        logits = value_array(value)
        if logits is None:
            _fail(name, "class scores as numbers", _described(value))
        assert_accuracy(logits, value_array(spec["labels"]), at_least=spec["at_least"], name=name)


def _pair(value: dict, first: str, second: str, name: str) -> tuple[np.ndarray, np.ndarray]:
    arrays = []
    for key in (first, second):
        part = value.get(key)
        if not isinstance(part, dict):
            raise Malformed(f"{key} field")
        array = value_array(part)
        if array is None:
            _fail(name, "a number, list, NumPy array or tensor of numbers", _described(part))
        arrays.append(array)
    return arrays[0], arrays[1]


# -- a test cell ----------------------------------------------------------------------------------------


def _raised(error: Any) -> str:
    ename = error.get("ename") if isinstance(error, dict) else None
    if not isinstance(ename, str) or not _NAME.match(ename):
        return "your code raised an exception"
    if ename == "NotImplementedError":
        return "not attempted yet (NotImplementedError)"
    return f"your code raised {ename}"


def judge_cell(grade_id: str, reference: dict, learner: dict | None) -> Verdict:
    """The verdict on one test cell: every part's records against the reference's, in order."""
    if not isinstance(learner, dict) or not isinstance(learner.get("parts"), list):
        return Verdict(False, f"{grade_id}: the tests did not run.")
    total = 0
    ref_parts = reference["parts"]
    for index, ref_part in enumerate(ref_parts):
        label = "a hidden test" if ref_part["part"] == "hidden" else "a visible test"
        if index >= len(learner["parts"]) or not isinstance(learner["parts"][index], dict):
            return Verdict(False, f"{grade_id}: the tests did not run.")
        part = learner["parts"][index]
        if part.get("status") != "ran":
            status = part.get("status") if part.get("status") in ("timed out", "kernel died", "not run") else "not run"
            return Verdict(False, f"{grade_id}: {label}: {status}.")
        records = part.get("records")
        if not isinstance(records, list) or len(records) > MAX_RECORDS_PER_PART:
            return Verdict(False, f"{grade_id}: {label}: its results could not be read.")
        hidden = ref_part["part"] == "hidden"
        for position, ref_record in enumerate(ref_part["records"]):
            if position >= len(records):
                if part.get("error") is not None:
                    return Verdict(False, f"{grade_id}: {label}: {_raised(part['error'])}.")
                return Verdict(False, f"{grade_id}: {label}: the test stopped after {position} of "
                                      f"{len(ref_part['records'])} checks.")
            try:
                judge_check(ref_record, parse_record(records[position]))
            except CheckFailed as failure:
                if hidden and ref_record["check"] in VALUE_CHECKS:
                    return Verdict(False, f"{grade_id}: a hidden test: {ref_record['name']}: not the expected value.")
                prefix = f"{grade_id}: a hidden test: " if hidden else f"{grade_id}: "
                return Verdict(False, prefix + str(failure))
            except (Malformed, KeyError, TypeError, ValueError, IndexError):
                return Verdict(False, f"{grade_id}: {label}: {ref_record['name']}: its result could not be read.")
            total += 1
        if part.get("error") is not None:
            return Verdict(False, f"{grade_id}: {label}: {_raised(part['error'])}.")
        if len(records) != len(ref_part["records"]):
            return Verdict(False, f"{grade_id}: {label}: {len(records)} checks ran where the test has "
                                  f"{len(ref_part['records'])} (a wrong number of items?).")
    visible = sum(len(p["records"]) for p in ref_parts if p["part"] == "visible")
    return Verdict(True, f"{grade_id}: passed all {total} checks ({visible} visible, {total - visible} hidden).", total)


def reference_problems(reference: dict) -> list[str]:
    """Where the instructor edition fails its own tests under grading (the reference is then unusable)."""
    problems = []
    for grade_id, cell in reference.get("cells", {}).items():
        for part in cell["parts"]:
            if part.get("status") != "ran":
                problems.append(f"{grade_id} ({part['part']} tests): {part.get('status')}")
            error = part.get("error")
            if error:
                problems.append(f"{grade_id} ({part['part']} tests) raised {error.get('ename')}: {error.get('evalue')}")
            for record in part["records"]:
                if not record.get("ok", False):
                    problems.append(f"{grade_id}: {record.get('name')}: {record.get('message')}")
                elif record["check"] == "equal" and "expected" not in record.get("spec", {}):
                    if _holds_opaque(record["value"].get("py")):
                        problems.append(f"{grade_id}: {record['name']}: expect_equal needs plain values "
                                        "(numbers, strings, tuples, lists, dicts) in hidden tests")
                elif record["check"] == "close" and "expected" not in record.get("spec", {}):
                    if record["value"].get("array") is None:
                        problems.append(f"{grade_id}: {record['name']}: the reference value is not numeric")
    return problems


def _holds_opaque(tagged: Any) -> bool:
    try:
        value = untag(tagged)
    except Malformed:
        return True
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Opaque):
            return True
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return False


__all__ = ["REFERENCE", "Malformed", "Verdict", "judge_cell", "judge_check", "parse_record", "reference_problems"]
