"""Assertions for exercise test cells, with one message style.

Every failure reads ``<name>: expected <what was asked>, got <what was given>.`` so a learner
knows what to change. The checks compare types and dtypes before values and convert values with
NumPy themselves, so an object that claims to equal everything never passes.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np

__all__ = [
    "CheckFailed",
    "expect_array",
    "expect_close",
    "expect_equal",
    "expect_same",
    "expect_tensor",
    "expect_type",
    "expect_unchanged",
    "expect_variable",
]


class CheckFailed(AssertionError):
    """A learner's answer is not what the exercise asked for."""


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


def expect_type(value: Any, types: type | tuple[type, ...], name: str = "result") -> None:
    """``value`` is an instance of ``types`` (booleans are not accepted as numbers)."""
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
    if type(value) is not np.ndarray:
        _fail(name, "a NumPy ndarray", _describe(value))
    _expect_dtype_shape(value, dtype, shape, name)


def _expect_dtype_shape(value: Any, dtype: Any, shape: tuple[int | None, ...] | None, name: str) -> None:
    if dtype is not None:
        wanted = getattr(dtype, "name", None) or np.dtype(dtype).name
        if _dtype_name(value) != wanted:
            _fail(name, f"dtype {wanted}", f"dtype {_dtype_name(value)}")
    if shape is not None:
        got = tuple(value.shape)
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
    expected: Any,
    *,
    atol: float = 1e-6,
    rtol: float = 1e-6,
    name: str = "result",
) -> None:
    """``actual`` has ``expected``'s shape and matches it elementwise within tolerance."""
    got = _as_numpy(actual, name)
    want = np.asarray(_as_numpy(expected, "expected"), dtype=np.float64)
    if got.shape != want.shape:
        _fail(name, f"shape {want.shape}", f"shape {got.shape}")
    if got.dtype.kind not in "biuf":
        _fail(name, "numbers", f"dtype {got.dtype}")
    got64 = got.astype(np.float64)
    bad = ~np.isclose(got64, want, atol=atol, rtol=rtol, equal_nan=False)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f" at index {index}" if got.ndim else ""
        _fail(
            name,
            f"{_short(want)} (within {atol:g})",
            f"{_short(got64)}; first difference{where}: {got64[index]!r} instead of {want[index]!r}",
        )


def expect_equal(actual: Any, expected: Any, name: str = "result") -> None:
    """``actual`` equals ``expected`` and has the same kind of type.

    Integers accept NumPy integers; strings, tuples, lists and dicts are compared item by item,
    never through the learner object's own ``__eq__``.
    """
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
        if not math.isclose(float(actual), expected, rel_tol=1e-9, abs_tol=1e-12):
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
            expect_equal(a, e, name=f"{name}[{i}]")
        return
    if isinstance(expected, dict):
        if type(actual) is not dict:
            _fail(name, "a dict", _describe(actual))
        if sorted(map(repr, actual)) != sorted(map(repr, expected)):
            _fail(name, f"keys {sorted(expected)!r}", f"keys {sorted(actual, key=repr)!r}")
        for key, value in expected.items():
            expect_equal(actual[key], value, name=f"{name}[{key!r}]")
        return
    if expected is None:
        if actual is not None:
            _fail(name, "None", _describe(actual))
        return
    raise TypeError(f"expect_equal does not compare {type(expected).__name__}; use expect_close")


def expect_same(actual: Any, expected: Any, name: str = "result") -> None:
    """``actual`` is the very object ``expected`` (e.g. the Variable that was passed in), not a copy."""
    if actual is not expected:
        _fail(name, f"the same object that was passed in ({_describe(expected)})", f"a different object, {_describe(actual)}")


def expect_unchanged(before: Any, after: Any, name: str = "the input") -> None:
    """An input the learner's function received was not modified in place."""
    want = _as_numpy(before, name)
    got = _as_numpy(after, name)
    if want.shape != got.shape or not np.array_equal(want, got):
        _fail(name, "to be left unchanged", f"it was modified to {_short(got)}")


def _short(array: np.ndarray) -> str:
    text = np.array2string(np.asarray(array), precision=6, separator=", ", threshold=12)
    return text if len(text) <= 120 else text[:117] + "..."
