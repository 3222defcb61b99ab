"""Checks for exercise test cells, with one message style, in two modes.

In JupyterLab (and when an author runs a chapter) every check *asserts*: a failure raises
``CheckFailed`` reading ``<name>: expected <what was asked>, got <what was given>.``, so a learner
knows what to change. The checks compare types and dtypes before values and convert values with
NumPy themselves, so an object that claims to equal everything never passes.

While grading, the kernel only *records*: each check describes what the learner's code produced
(type, dtype, shape, values) and sends it to the grader as data (JSON, arrays as ``.npy`` bytes),
never deciding anything. The grader compares those records with the ones the instructor edition
made on the same inputs (``autograder.judge``). Hidden tests therefore pass no expected value:
``expect_close(result, atol=1e-5)`` means "close to what the reference solution returned".
"""

from __future__ import annotations

import base64
import io
import math
import os
import random
import sys
from typing import Any

import numpy as np

__all__ = [
    "CheckFailed",
    "expect_accuracy",
    "expect_array",
    "expect_close",
    "expect_equal",
    "expect_match",
    "expect_same",
    "expect_tensor",
    "expect_type",
    "expect_unchanged",
    "expect_variable",
]

# Set by the grader in the kernel's environment: "reference" (the instructor edition's run) or
# "submission" (a learner's). Anything else, or nothing, means JupyterLab: checks assert.
MODE = os.environ.get("AUTOGRADER_RECORD", "") if os.environ.get("AUTOGRADER_RECORD") in ("reference", "submission") else ""
RECORD_MIME = "application/vnd.tf-keras-course.record+json"
# Values larger than this are recorded as too large (and fail): tests check small examples.
MAX_ELEMENTS = 250_000
MAX_TEXT = 10_000
MAX_ITEMS = 10_000


class CheckFailed(AssertionError):
    """A learner's answer is not what the exercise asked for."""


class _Reference:
    """The default ``expected`` of hidden checks: whatever the reference solution produced."""

    def __repr__(self) -> str:
        return "REFERENCE"


REFERENCE = _Reference()


def _fail(name: str, expected: str, got: str) -> None:
    raise CheckFailed(f"{name}: expected {expected}, got {got}.")


def _describe(value: Any) -> str:
    kind = type(value)
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return f"{kind.__module__}.{kind.__qualname__} with shape {tuple(value.shape)} and dtype {_dtype_name(value)}"
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{kind.__qualname__} {text}"


def _dtype_name(value: Any) -> str:
    dtype = value.dtype
    return getattr(dtype, "name", str(dtype))


def _tf():
    import tensorflow as tf

    return tf


# -- recording ---------------------------------------------------------------------------------------


def begin_part(seed: int) -> None:
    """Called by the grader before each test part: the same global random state in every run."""
    random.seed(seed)
    np.random.seed(seed)
    keras = sys.modules.get("keras")
    if keras is not None:
        keras.utils.set_random_seed(seed)


def _type_names(value: Any) -> list[str]:
    return [f"{t.__module__}.{t.__qualname__}" for t in type(value).__mro__][:24]


def _kind(value: Any) -> str:
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        if isinstance(value, tf.Variable):
            return "variable"
        if tf.is_tensor(value) and isinstance(value, tf.Tensor):
            return "tensor"
    return "ndarray" if type(value) is np.ndarray else "other"


def _npy(array: np.ndarray) -> str:
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _array(value: Any) -> dict:
    """``value`` as NumPy sees it through ``_as_numpy`` (numbers and booleans only), or why not."""
    try:
        array = _as_numpy(value, "value")
    except Exception:
        return {"array": None}
    if array.dtype.kind not in "biuf":
        return {"array": None}
    if array.size > MAX_ELEMENTS:
        return {"array": None, "too_large": int(array.size)}
    return {"array": _npy(array)}


def _tag(value: Any, depth: int = 0) -> dict:
    """A JSON form of plain Python values that keeps their kinds (int, NumPy int, tuple, ...)."""
    kind = type(value)
    if depth > 20:
        return {"t": "other", "type": "too deeply nested"}
    if value is None:
        return {"t": "none"}
    if kind is bool:
        return {"t": "bool", "v": value}
    if kind is np.bool_:
        return {"t": "npbool", "v": bool(value)}
    if isinstance(value, int):
        return {"t": "int", "v": int.__repr__(value)}
    if isinstance(value, np.integer):
        return {"t": "npint", "v": repr(int(value))}
    if isinstance(value, float):
        return {"t": "float", "v": float.__repr__(value)}
    if isinstance(value, np.floating):
        return {"t": "npfloat", "v": repr(float(value))}
    if kind is str:
        return {"t": "str", "v": value[:MAX_TEXT], "cut": len(value) > MAX_TEXT}
    if kind in (list, tuple):
        items = list.__iter__(value) if kind is list else tuple.__iter__(value)
        values = [_tag(v, depth + 1) for _, v in zip(range(MAX_ITEMS + 1), items, strict=False)]
        return {"t": kind.__name__, "v": values}
    if kind is dict:
        pairs = [[_tag(k, depth + 1), _tag(v, depth + 1)] for _, (k, v) in zip(range(MAX_ITEMS + 1), dict.items(value), strict=False)]
        return {"t": "dict", "v": pairs}
    return {"t": "other", "type": f"{kind.__module__}.{kind.__qualname__}"}


def _value(value: Any, *, array: bool = False, plain: bool = False) -> dict:
    """What the grader may look at of a value the learner's code produced."""
    described: dict[str, Any] = {"type": _type_names(value), "kind": _kind(value)}
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        try:
            described["dtype"] = str(_dtype_name(value))
            described["shape"] = [None if s is None else int(s) for s in tuple(value.shape)]
        except Exception:
            pass
    if described["kind"] == "variable":
        described["trainable"] = bool(value.trainable)
    if array:
        described.update(_array(value))
    if plain:
        described["py"] = _tag(value)
    return described


def _record(check: str, name: str, value: dict, spec: dict, assertion) -> None:
    record = {"check": check, "name": str(name), "value": value}
    if MODE == "reference":
        # The instructor edition's own checks must hold; the grader refuses a reference that fails.
        record["spec"] = spec
        try:
            assertion()
            record["ok"], record["message"] = True, ""
        except Exception as error:
            record["ok"], record["message"] = False, f"{error.__class__.__name__}: {error}"[:500]
    from IPython.display import publish_display_data

    publish_display_data({RECORD_MIME: record})


def _dtype_spec(dtype: Any) -> str | None:
    if dtype is None:
        return None
    return getattr(dtype, "name", None) or np.dtype(dtype).name


def _shape_spec(shape: tuple[int | None, ...] | None) -> list | None:
    return None if shape is None else [None if s is None else int(s) for s in shape]


def _type_spec(types: type | tuple[type, ...]) -> list[dict]:
    allowed = types if isinstance(types, tuple) else (types,)
    return [{"name": t.__name__, "qualified": f"{t.__module__}.{t.__qualname__}"} for t in allowed]


# -- the checks ----------------------------------------------------------------------------------------


def expect_type(value: Any, types: type | tuple[type, ...], name: str = "result") -> None:
    """``value`` is an instance of ``types`` (booleans are not accepted as numbers)."""
    if MODE:
        _record("type", name, _value(value), {"types": _type_spec(types)}, lambda: _assert_type(value, types, name))
        return
    _assert_type(value, types, name)


def _assert_type(value: Any, types: type | tuple[type, ...], name: str) -> None:
    allowed = types if isinstance(types, tuple) else (types,)
    if isinstance(value, bool) and bool not in allowed:
        _fail(name, " or ".join(t.__name__ for t in allowed), _describe(value))
    if not isinstance(value, allowed):
        _fail(name, " or ".join(t.__name__ for t in allowed), _describe(value))


def expect_tensor(
    value: Any,
    *,
    dtype: Any = None,
    shape: tuple[int | None, ...] | None = None,
    name: str = "result",
) -> None:
    """``value`` is a ``tf.Tensor`` (not a Variable, NumPy array or list) of the given dtype and shape."""
    _typed_check("tensor", _assert_tensor, value, dtype, shape, name)


def _typed_check(check: str, assertion, value: Any, dtype: Any, shape: tuple | None, name: str) -> None:
    """A kind-dtype-shape check: recorded while grading, asserted otherwise."""
    if MODE:
        _record(check, name, _value(value), {"dtype": _dtype_spec(dtype), "shape": _shape_spec(shape)},
                lambda: assertion(value, dtype, shape, name))
        return
    assertion(value, dtype, shape, name)


def _assert_tensor(value: Any, dtype: Any, shape: tuple | None, name: str) -> None:
    tf = _tf()
    if isinstance(value, tf.Variable) or not tf.is_tensor(value) or not isinstance(value, tf.Tensor):
        _fail(name, "a tf.Tensor", _describe(value))
    _expect_dtype_shape(value, dtype, shape, name)


def expect_variable(
    value: Any,
    *,
    dtype: Any = None,
    shape: tuple[int | None, ...] | None = None,
    trainable: bool | None = None,
    name: str = "result",
) -> None:
    """``value`` is a ``tf.Variable`` of the given dtype, shape and trainability."""
    if MODE:
        spec = {"dtype": _dtype_spec(dtype), "shape": _shape_spec(shape), "trainable": trainable}
        _record("variable", name, _value(value), spec, lambda: _assert_variable(value, dtype, shape, trainable, name))
        return
    _assert_variable(value, dtype, shape, trainable, name)


def _assert_variable(value: Any, dtype: Any, shape: tuple | None, trainable: bool | None, name: str) -> None:
    tf = _tf()
    if not isinstance(value, tf.Variable):
        _fail(name, "a tf.Variable", _describe(value))
    _expect_dtype_shape(value, dtype, shape, name)
    if trainable is not None and bool(value.trainable) is not trainable:
        _fail(name, f"trainable={trainable}", f"trainable={value.trainable}")


def expect_array(
    value: Any,
    *,
    dtype: Any = None,
    shape: tuple[int | None, ...] | None = None,
    name: str = "result",
) -> None:
    """``value`` is a NumPy ndarray of the given dtype and shape."""
    _typed_check("array", _assert_array, value, dtype, shape, name)


def _assert_array(value: Any, dtype: Any, shape: tuple | None, name: str) -> None:
    if type(value) is not np.ndarray:
        _fail(name, "a NumPy ndarray", _describe(value))
    _expect_dtype_shape(value, dtype, shape, name)


def _expect_dtype_shape(value: Any, dtype: Any, shape: tuple[int | None, ...] | None, name: str) -> None:
    if dtype is not None:
        wanted = _dtype_spec(dtype)
        if _dtype_name(value) != wanted:
            _fail(name, f"dtype {wanted}", f"dtype {_dtype_name(value)}")
    if shape is not None:
        expect_shape(tuple(value.shape), shape, name)


def expect_shape(got: tuple, shape: tuple | list, name: str) -> None:
    """``got`` matches the shape pattern ``shape`` (``None`` matches any length)."""
    got = tuple(got)
    if len(got) != len(shape) or any(w is not None and w != g for w, g in zip(shape, got, strict=False)):
        wanted_text = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
        _fail(name, f"shape {wanted_text}", f"shape {got}")


def _as_numpy(value: Any, name: str) -> np.ndarray:
    # Only a kernel that imported TensorFlow can hold tensors; don't import it for NumPy answers.
    tf = sys.modules.get("tensorflow")
    if tf is not None and (tf.is_tensor(value) or isinstance(value, tf.Variable)):
        value = value.numpy()
    if isinstance(value, (bool, int, float, np.number, np.bool_, list, tuple)):
        value = np.asarray(value)
    if type(value) is not np.ndarray:
        _fail(name, "a number, list, NumPy array or tensor", _describe(value))
    return value


def expect_close(
    actual: Any,
    expected: Any = REFERENCE,
    *,
    atol: float = 1e-6,
    rtol: float = 1e-6,
    name: str = "result",
) -> None:
    """``actual`` has ``expected``'s shape and matches it elementwise within tolerance.

    Without ``expected`` (hidden tests), the grader compares with the reference solution's value.
    """
    if MODE:
        spec: dict[str, Any] = {"atol": float(atol), "rtol": float(rtol)}
        if MODE == "reference" and expected is not REFERENCE:
            spec["expected"] = _array(expected)
        _record("close", name, _value(actual, array=True), spec,
                lambda: assert_close(actual, expected, atol=atol, rtol=rtol, name=name))
        return
    assert_close(actual, expected, atol=atol, rtol=rtol, name=name)


def assert_close(actual: Any, expected: Any, *, atol: float, rtol: float, name: str, equal_nan: bool = False) -> None:
    """The assertion behind ``expect_close`` (the grader calls it too, on recorded values)."""
    got = _as_numpy(actual, name)
    if got.dtype.kind not in "biuf":
        _fail(name, "numbers", f"dtype {got.dtype}")
    if expected is REFERENCE:
        return
    want = np.asarray(_as_numpy(expected, "expected"), dtype=np.float64)
    if got.shape != want.shape:
        _fail(name, f"shape {want.shape}", f"shape {got.shape}")
    got64 = got.astype(np.float64)
    bad = ~np.isclose(got64, want, atol=atol, rtol=rtol, equal_nan=equal_nan)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f" at index {index}" if got.ndim else ""
        _fail(
            name,
            f"{_short(want)} (within {atol:g})",
            f"{_short(got64)}; first difference{where}: {got64[index]!r} instead of {want[index]!r}",
        )


def expect_match(actual: Any, other: Any, *, atol: float = 1e-6, rtol: float = 1e-6, name: str = "result") -> None:
    """Two outputs of the learner's code agree elementwise (e.g. a model with and without padding).

    Both values come from the learner's code, so the grader compares them with each other, not
    with the reference's.
    """
    if MODE:
        value = {"actual": _value(actual, array=True), "other": _value(other, array=True)}
        _record("match", name, value, {"atol": float(atol), "rtol": float(rtol)},
                lambda: assert_close(actual, other, atol=atol, rtol=rtol, name=name))
        return
    assert_close(actual, other, atol=atol, rtol=rtol, name=name)


def expect_accuracy(logits: Any, labels: Any, *, at_least: float, name: str = "accuracy") -> None:
    """Predictions (one row of class scores per example) reach ``at_least`` accuracy on ``labels``.

    While grading, the kernel records only the predictions; labels and threshold are the
    reference run's, and the grader computes the accuracy. ``labels`` may be a function that
    makes them: a learner's graded kernel then never calls it, so held-out labels never exist there.
    """
    if callable(labels):
        labels = labels() if MODE != "submission" else None
    if MODE:
        spec: dict[str, Any] = {"at_least": float(at_least)}
        if MODE == "reference":
            spec["labels"] = _array(labels)
        _record("accuracy", name, _value(logits, array=True), spec,
                lambda: assert_accuracy(logits, labels, at_least=at_least, name=name))
        return
    assert_accuracy(logits, labels, at_least=at_least, name=name)


def assert_accuracy(logits: Any, labels: Any, *, at_least: float, name: str) -> None:
    scores = _as_numpy(logits, name)
    truth = np.asarray(_as_numpy(labels, "labels")).reshape(-1)
    if scores.ndim != 2 or scores.shape[0] != truth.shape[0]:
        _fail(name, f"scores of shape ({truth.shape[0]}, classes)", f"shape {scores.shape}")
    accuracy = float((np.argmax(scores, axis=1) == truth).mean())
    if not accuracy >= at_least:
        _fail(name, f"accuracy of at least {at_least:g}", f"{accuracy:.3f}")


def expect_equal(actual: Any, expected: Any = REFERENCE, name: str = "result") -> None:
    """``actual`` equals ``expected`` and has the same kind of type.

    Integers accept NumPy integers; strings, tuples, lists and dicts are compared item by item,
    never through the learner object's own ``__eq__``. Without ``expected`` (hidden tests), the
    grader compares with the reference solution's value.
    """
    if MODE:
        spec = {"expected": _tag(expected)} if MODE == "reference" and expected is not REFERENCE else {}
        _record("equal", name, _value(actual, plain=True), spec, lambda: assert_equal(actual, expected, name))
        return
    assert_equal(actual, expected, name)


def assert_equal(actual: Any, expected: Any, name: str = "result") -> None:
    """The assertion behind ``expect_equal`` (the grader calls it too, on recorded values)."""
    if expected is REFERENCE:
        return
    if isinstance(expected, bool):
        if type(actual) not in (bool, np.bool_) or bool(actual) is not expected:
            _fail(name, repr(expected), _describe(actual))
        return
    if isinstance(expected, int):
        if isinstance(actual, (bool, np.bool_)) or not isinstance(actual, (int, np.integer)):
            _fail(name, f"the integer {expected}", _describe(actual))
        if int(actual) != expected:
            _fail(name, str(expected), str(int(actual)))
        return
    if isinstance(expected, float):
        if isinstance(actual, bool) or not isinstance(actual, (int, float, np.integer, np.floating)):
            _fail(name, f"the number {expected}", _describe(actual))
        if not math.isclose(float(actual), expected, rel_tol=1e-9, abs_tol=1e-12) and not (
            math.isnan(expected) and math.isnan(float(actual))
        ):
            _fail(name, repr(expected), repr(float(actual)))
        return
    if isinstance(expected, str):
        if type(actual) is not str or str.__eq__(actual, expected) is not True:
            _fail(name, repr(expected), _describe(actual))
        return
    if isinstance(expected, (tuple, list)):
        if type(actual) is not type(expected):
            _fail(name, f"a {type(expected).__name__} {expected!r}", _describe(actual))
        if len(actual) != len(expected):
            _fail(name, f"{len(expected)} items {expected!r}", f"{len(actual)} items {actual!r}")
        for i, (a, e) in enumerate(zip(actual, expected, strict=False)):
            assert_equal(a, e, name=f"{name}[{i}]")
        return
    if isinstance(expected, dict):
        if type(actual) is not dict:
            _fail(name, "a dict", _describe(actual))
        if sorted(map(repr, actual)) != sorted(map(repr, expected)):
            _fail(name, f"keys {sorted(expected)!r}", f"keys {sorted(actual, key=repr)!r}")
        for key, value in expected.items():
            assert_equal(actual[key], value, name=f"{name}[{key!r}]")
        return
    if expected is None:
        if actual is not None:
            _fail(name, "None", _describe(actual))
        return
    raise TypeError(f"expect_equal does not compare {type(expected).__name__}; use expect_close")


def expect_same(actual: Any, expected: Any, name: str = "result") -> None:
    """``actual`` is the very object ``expected`` (e.g. the Variable that was passed in), not a copy."""
    if MODE:
        _record("same", name, {**_value(actual), "same": actual is expected}, {},
                lambda: _assert_same(actual, expected, name))
        return
    _assert_same(actual, expected, name)


def _assert_same(actual: Any, expected: Any, name: str) -> None:
    if actual is not expected:
        _fail(name, f"the same object that was passed in ({_describe(expected)})", f"a different object, {_describe(actual)}")


def expect_unchanged(before: Any, after: Any, name: str = "the input") -> None:
    """An input the learner's function received was not modified in place."""
    if MODE:
        value = {"before": _value(before, array=True), "after": _value(after, array=True)}
        _record("unchanged", name, value, {}, lambda: assert_unchanged(before, after, name))
        return
    assert_unchanged(before, after, name)


def assert_unchanged(before: Any, after: Any, name: str) -> None:
    want = _as_numpy(before, name)
    got = _as_numpy(after, name)
    if want.shape != got.shape or not np.array_equal(want, got):
        _fail(name, "to be left unchanged", f"it was modified to {_short(got)}")


def _short(array: np.ndarray) -> str:
    text = np.array2string(np.asarray(array), precision=6, separator=", ", threshold=12)
    return text if len(text) <= 120 else text[:117] + "..."
