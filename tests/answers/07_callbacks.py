"""Wrong and correct alternative answers for 07_callbacks (see README.md)."""

_THRESHOLD_INIT = '''
class ThresholdStopping(keras.callbacks.Callback):
    def __init__(self, monitor="val_loss", threshold=0.0, mode="min"):
        super().__init__()
        self.monitor = monitor
        self.threshold = threshold
        self.mode = mode
        self.stopped = False
        self.stopped_epoch = None
'''

_THRESHOLD_RESET = '''
    def on_train_begin(self, logs=None):
        self.stopped = False
        self.stopped_epoch = None
'''


def _threshold(on_epoch_end: str, reset: bool = True) -> str:
    return _THRESHOLD_INIT + (_THRESHOLD_RESET if reset else "") + on_epoch_end


_RECORDER = '''
class LearningRateRecorder(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.rates = []

    def on_epoch_end(self, epoch, logs=None):
        {append}
'''


def _recorder(append: str) -> str:
    return _RECORDER.format(append=append)


_BUDGET_HEAD = '''
class StepBudget(keras.callbacks.Callback):
    def __init__(self, max_steps):
        super().__init__()
        self.max_steps = max_steps
        self.steps = 0
        self.stopped_epoch = None
        self._epoch = 0

    def on_train_begin(self, logs=None):
        self.steps = 0
        self.stopped_epoch = None

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
'''

_KEEP_HEAD = '''
class KeepBestCheckpoints(keras.callbacks.Callback):
    def __init__(self, directory, k=3, monitor="val_loss", mode="min"):
        super().__init__()
        self.directory, self.k, self.monitor, self.mode = directory, k, monitor, mode

    def on_train_begin(self, logs=None):
        os.makedirs(self.directory, exist_ok=True)
        self.kept = []
'''

_EARLY = '''
def early_stopping_epoch(history, patience=0, min_delta=0.0, mode="min"):
    best = None
    wait = 0
    for epoch, value in enumerate(history):
        if best is None:
            improved = True
        elif mode == "max":
            improved = {max_test}
        else:
            improved = {min_test}
        if improved:
            best = value
            wait = 0
            continue
        wait += 1
        if {stop_test}:
            return {stop_value}
    return {end_value}
'''


def _early(
    min_test="value + min_delta < best",
    max_test="value - min_delta > best",
    stop_test="wait >= patience",
    stop_value="epoch",
    end_value="None",
) -> str:
    return _EARLY.format(
        min_test=min_test, max_test=max_test, stop_test=stop_test, stop_value=stop_value, end_value=end_value
    )


_LOAD = '''
def load_best_checkpoint(directory):
    names = [n for n in os.listdir(directory) if n.startswith("ckpt-") and n.endswith(".keras")]
    {choose}
    return keras.models.load_model(os.path.join(directory, best))
'''


def _load(choose: str) -> str:
    return _LOAD.format(choose=choose)


ANSWERS = {
    "threshold_stopping": {
        "wrong": {
            "strict comparison: reaching the threshold exactly does not stop": _threshold('''
    def on_epoch_end(self, epoch, logs=None):
        value = logs.get(self.monitor)
        if value is None or self.stopped:
            return
        if (value > self.threshold) if self.mode == "max" else (value < self.threshold):
            self.stopped, self.stopped_epoch = True, epoch
            self.model.stop_training = True
'''),
            "ignores mode (always stops when the value falls below)": _threshold('''
    def on_epoch_end(self, epoch, logs=None):
        value = logs.get(self.monitor)
        if value is not None and not self.stopped and value <= self.threshold:
            self.stopped, self.stopped_epoch = True, epoch
            self.model.stop_training = True
'''),
            "records the stop but never sets model.stop_training": _threshold('''
    def on_epoch_end(self, epoch, logs=None):
        value = logs.get(self.monitor)
        if value is None or self.stopped:
            return
        if (value >= self.threshold) if self.mode == "max" else (value <= self.threshold):
            self.stopped, self.stopped_epoch = True, epoch
'''),
            "stopped_epoch counted from 1": _threshold('''
    def on_epoch_end(self, epoch, logs=None):
        value = logs.get(self.monitor)
        if value is None or self.stopped:
            return
        if (value >= self.threshold) if self.mode == "max" else (value <= self.threshold):
            self.stopped, self.stopped_epoch = True, epoch + 1
            self.model.stop_training = True
'''),
            "a missing monitored key raises KeyError (logs[monitor])": _threshold('''
    def on_epoch_end(self, epoch, logs=None):
        value = logs[self.monitor]
        if self.stopped:
            return
        if (value >= self.threshold) if self.mode == "max" else (value <= self.threshold):
            self.stopped, self.stopped_epoch = True, epoch
            self.model.stop_training = True
'''),
            "state not reset at the start of a fit": _threshold('''
    def on_epoch_end(self, epoch, logs=None):
        value = logs.get(self.monitor)
        if value is None or self.stopped:
            return
        if (value >= self.threshold) if self.mode == "max" else (value <= self.threshold):
            self.stopped, self.stopped_epoch = True, epoch
            self.model.stop_training = True
''', reset=False),
        },
        "right": {
            "operator table, no early return once stopped": '''
import operator


class ThresholdStopping(keras.callbacks.Callback):
    def __init__(self, monitor="val_loss", threshold=0.0, mode="min"):
        super().__init__()
        self.monitor, self.threshold, self.mode = monitor, threshold, mode
        self.on_train_begin()

    def on_train_begin(self, logs=None):
        self.stopped, self.stopped_epoch = False, None

    def on_epoch_end(self, epoch, logs=None):
        crossed = {"min": operator.le, "max": operator.ge}[self.mode]
        if logs and self.monitor in logs and crossed(logs[self.monitor], self.threshold):
            self.model.stop_training = True
            self.stopped = True
            self.stopped_epoch = epoch
''',
        },
    },
    "lr_recorder": {
        "wrong": {
            "reads the rate at the start of the epoch (before a later-listed scheduler sets it)": '''
class LearningRateRecorder(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.rates = []

    def on_epoch_begin(self, epoch, logs=None):
        self.rates.append(float(self.model.optimizer.learning_rate))
''',
            "appends the optimizer's variable, not a float": _recorder(
                "self.rates.append(self.model.optimizer.learning_rate)"
            ),
            "appends a 0-d NumPy array": _recorder(
                "self.rates.append(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))"
            ),
            "reads logs['learning_rate'], which only a scheduler writes": _recorder(
                'self.rates.append(float(logs["learning_rate"]))'
            ),
            "list created once in __init__, never reset": '''
class LearningRateRecorder(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.rates = []

    def on_epoch_end(self, epoch, logs=None):
        self.rates.append(float(self.model.optimizer.learning_rate))
''',
        },
        "right": {
            "float() of the variable, .numpy()": _recorder(
                "self.rates.append(float(self.model.optimizer.learning_rate.numpy()))"
            ),
            "float() of the variable directly": _recorder("self.rates.append(float(self.model.optimizer.learning_rate))"),
        },
    },
    "warmup_step_decay": {
        "wrong": {
            "warm-up starts at 0 (epoch / warmup_epochs)": '''
def warmup_step_decay(epoch, lr, base_lr=0.01, warmup_epochs=3, drop=0.5, epochs_per_drop=5):
    if epoch < warmup_epochs:
        return float(base_lr * epoch / warmup_epochs)
    return float(base_lr * drop ** ((epoch - warmup_epochs) // epochs_per_drop))
''',
            "decay steps counted from epoch 0, not from the end of warm-up": '''
def warmup_step_decay(epoch, lr, base_lr=0.01, warmup_epochs=3, drop=0.5, epochs_per_drop=5):
    if epoch < warmup_epochs:
        return float(base_lr * (epoch + 1) / warmup_epochs)
    return float(base_lr * drop ** (epoch // epochs_per_drop))
''',
            "decays the current lr instead of base_lr": '''
def warmup_step_decay(epoch, lr, base_lr=0.01, warmup_epochs=3, drop=0.5, epochs_per_drop=5):
    if epoch < warmup_epochs:
        return float(base_lr * (epoch + 1) / warmup_epochs)
    return float(lr * drop ** ((epoch - warmup_epochs) // epochs_per_drop))
''',
            "true division: a smooth exponential decay": '''
def warmup_step_decay(epoch, lr, base_lr=0.01, warmup_epochs=3, drop=0.5, epochs_per_drop=5):
    if epoch < warmup_epochs:
        return float(base_lr * (epoch + 1) / warmup_epochs)
    return float(base_lr * drop ** ((epoch - warmup_epochs) / epochs_per_drop))
''',
            "returns a tensor": '''
def warmup_step_decay(epoch, lr, base_lr=0.01, warmup_epochs=3, drop=0.5, epochs_per_drop=5):
    if epoch < warmup_epochs:
        return tf.constant(base_lr * (epoch + 1) / warmup_epochs)
    return tf.constant(base_lr * drop ** ((epoch - warmup_epochs) // epochs_per_drop))
''',
        },
        "right": {
            "math.floor and min()": '''
import math


def warmup_step_decay(epoch, lr, base_lr=0.01, warmup_epochs=3, drop=0.5, epochs_per_drop=5):
    warm = min(1.0, (epoch + 1) / warmup_epochs) if warmup_epochs else 1.0
    steps = max(0, math.floor((epoch - warmup_epochs) / epochs_per_drop))
    return base_lr * warm * drop ** steps
''',
        },
    },
    "early_stopping_epoch": {
        "wrong": {
            "off by one: waits for wait > patience": _early(stop_test="wait > patience"),
            "non-strict: an equal value counts as improvement": _early(
                min_test="value + min_delta <= best", max_test="value - min_delta >= best"
            ),
            "ignores min_delta": _early(min_test="value < best", max_test="value > best"),
            "ignores mode": _early(max_test="value + min_delta < best"),
            "epoch counted from 1": _early(stop_value="epoch + 1"),
            "returns the last epoch instead of None": _early(end_value="len(history) - 1"),
            "best follows every new minimum, even one better by less than min_delta": '''
def early_stopping_epoch(history, patience=0, min_delta=0.0, mode="min"):
    best = None
    wait = 0
    for epoch, value in enumerate(history):
        if best is None:
            best = value
            continue
        better = value > best if mode == "max" else value < best
        improved = value - min_delta > best if mode == "max" else value + min_delta < best
        if better:
            best = value
        if improved:
            wait = 0
            continue
        wait += 1
        if wait >= patience:
            return epoch
    return None
''',
            "compares with the previous value, not the best": '''
def early_stopping_epoch(history, patience=0, min_delta=0.0, mode="min"):
    wait = 0
    for epoch in range(1, len(history)):
        previous, value = history[epoch - 1], history[epoch]
        improved = value - min_delta > previous if mode == "max" else value + min_delta < previous
        wait = 0 if improved else wait + 1
        if wait and wait >= patience:
            return epoch
    return None
''',
        },
        "right": {
            "best epoch bookkeeping, sign flip for max": '''
def early_stopping_epoch(history, patience=0, min_delta=0.0, mode="min"):
    sign = -1.0 if mode == "max" else 1.0
    best, best_epoch = None, 0
    for epoch, value in enumerate(history):
        v = sign * value
        if best is None or v < best - min_delta:
            best, best_epoch = v, epoch
        elif epoch - best_epoch >= patience:
            return epoch
    return None
''',
        },
    },
    "load_best_checkpoint": {
        "wrong": {
            "the latest file (right only with save_best_only)": _load("best = sorted(names)[-1]"),
            "compares val_loss as text": _load('best = min(names, key=lambda n: n[:-len(".keras")].split("-")[2])'),
            "largest val_loss": _load('best = max(names, key=lambda n: float(n[:-len(".keras")].split("-")[2]))'),
            "a tie goes to the later epoch": _load(
                'best = min(names, key=lambda n: (float(n[:-len(".keras")].split("-")[2]), -int(n.split("-")[1])))'
            ),
            "also considers .weights.h5 files": '''
def load_best_checkpoint(directory):
    names = [n for n in os.listdir(directory) if n.startswith("ckpt-")]
    def val_loss(name):
        return float(name.split("-")[2].replace(".weights.h5", "").replace(".keras", ""))
    best = min(names, key=val_loss)
    return keras.models.load_model(os.path.join(directory, best))
''',
        },
        "right": {
            "regular expression, sorted by (val_loss, epoch)": '''
import re


def load_best_checkpoint(directory):
    pattern = re.compile(r"ckpt-(\\d+)-([0-9.]+)\\.keras")
    found = []
    for name in sorted(os.listdir(directory)):
        match = pattern.fullmatch(name)
        if match:
            found.append((float(match.group(2)), int(match.group(1)), name))
    found.sort()
    return keras.models.load_model(os.path.join(directory, found[0][2]))
''',
            "min over sorted names (sorted order breaks ties by epoch)": _load(
                'best = min(sorted(names), key=lambda n: float(n[:-len(".keras")].split("-")[2]))'
            ),
        },
    },
    "step_budget": {
        "wrong": {
            "checks the budget in on_epoch_end (the epoch runs to its end)": _BUDGET_HEAD + '''
    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1

    def on_epoch_end(self, epoch, logs=None):
        if self.steps >= self.max_steps and self.stopped_epoch is None:
            self.stopped_epoch = epoch
            self.model.stop_training = True
''',
            "uses the batch index, which restarts every epoch": _BUDGET_HEAD + '''
    def on_train_batch_end(self, batch, logs=None):
        self.steps = batch + 1
        if self.steps >= self.max_steps and self.stopped_epoch is None:
            self.stopped_epoch = self._epoch
            self.model.stop_training = True
''',
            "counts validation batches too": _BUDGET_HEAD + '''
    def on_train_batch_end(self, batch, logs=None):
        self._count()

    def on_test_batch_end(self, batch, logs=None):
        self._count()

    def _count(self):
        self.steps += 1
        if self.steps >= self.max_steps and self.stopped_epoch is None:
            self.stopped_epoch = self._epoch
            self.model.stop_training = True
''',
            "off by one: stops once steps > max_steps": _BUDGET_HEAD + '''
    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1
        if self.steps > self.max_steps and self.stopped_epoch is None:
            self.stopped_epoch = self._epoch
            self.model.stop_training = True
''',
            "counter never reset between fits": _BUDGET_HEAD.replace(
                "        self.steps = 0\n        self.stopped_epoch = None\n\n    def on_epoch_begin", "        pass\n\n    def on_epoch_begin", 1) + '''
    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1
        if self.steps >= self.max_steps:
            self.stopped_epoch = self._epoch if self.stopped_epoch is None else self.stopped_epoch
            self.model.stop_training = True
''',
            "counts with optimizer.iterations (not reset by a new fit)": _BUDGET_HEAD + '''
    def on_train_batch_end(self, batch, logs=None):
        self.steps = int(self.model.optimizer.iterations)
        if self.steps >= self.max_steps and self.stopped_epoch is None:
            self.stopped_epoch = self._epoch
            self.model.stop_training = True
''',
            "stopped_epoch counted from 1": _BUDGET_HEAD + '''
    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1
        if self.steps >= self.max_steps and self.stopped_epoch is None:
            self.stopped_epoch = self._epoch + 1
            self.model.stop_training = True
''',
        },
        "right": {
            "the on_batch_end alias, epoch from the epoch hooks' argument": '''
class StepBudget(keras.callbacks.Callback):
    def __init__(self, max_steps):
        super().__init__()
        self.max_steps = max_steps
        self.on_train_begin()

    def on_train_begin(self, logs=None):
        self.steps, self.stopped_epoch, self.epoch = 0, None, 0

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_batch_end(self, batch, logs=None):
        self.steps += 1
        if self.stopped_epoch is None and self.steps == self.max_steps:
            self.model.stop_training = True
            self.stopped_epoch = self.epoch
''',
        },
    },
    "keep_best_checkpoints": {
        "wrong": {
            "keeps the k latest improvements (ModelCheckpoint-like, deletes the oldest)": _KEEP_HEAD + '''
    def on_epoch_end(self, epoch, logs=None):
        score = logs[self.monitor] if self.mode == "min" else -logs[self.monitor]
        if self.kept and score >= min(s for s, _ in self.kept):
            return
        path = os.path.join(self.directory, f"epoch-{epoch + 1:02d}.keras")
        self.model.save(path)
        self.kept.append((score, path))
        while len(self.kept) > self.k:
            os.remove(self.kept.pop(0)[1])
''',
            "ignores mode (always keeps the smallest values)": _KEEP_HEAD + '''
    def on_epoch_end(self, epoch, logs=None):
        score = logs[self.monitor]
        if len(self.kept) >= self.k and score >= self.kept[-1][0]:
            return
        path = os.path.join(self.directory, f"epoch-{epoch + 1:02d}.keras")
        self.model.save(path)
        self.kept = sorted(self.kept + [(score, epoch, path)])
        while len(self.kept) > self.k:
            os.remove(self.kept.pop()[2])
''',
            "file names with 0-based epochs": _KEEP_HEAD + '''
    def on_epoch_end(self, epoch, logs=None):
        score = logs[self.monitor] if self.mode == "min" else -logs[self.monitor]
        if len(self.kept) >= self.k and score >= self.kept[-1][0]:
            return
        path = os.path.join(self.directory, f"epoch-{epoch:02d}.keras")
        self.model.save(path)
        self.kept = sorted(self.kept + [(score, epoch, path)])
        while len(self.kept) > self.k:
            os.remove(self.kept.pop()[2])
''',
            "never deletes a file": _KEEP_HEAD + '''
    def on_epoch_end(self, epoch, logs=None):
        score = logs[self.monitor] if self.mode == "min" else -logs[self.monitor]
        if len(self.kept) >= self.k and score >= self.kept[self.k - 1][0]:
            return
        self.model.save(os.path.join(self.directory, f"epoch-{epoch + 1:02d}.keras"))
        self.kept = sorted(self.kept + [(score, epoch)])
''',
            "a tie displaces the earlier epoch": _KEEP_HEAD + '''
    def on_epoch_end(self, epoch, logs=None):
        score = logs[self.monitor] if self.mode == "min" else -logs[self.monitor]
        if len(self.kept) >= self.k and score > self.kept[-1][0]:
            return
        path = os.path.join(self.directory, f"epoch-{epoch + 1:02d}.keras")
        self.model.save(path)
        self.kept = sorted(self.kept + [(score, -epoch, path)])
        while len(self.kept) > self.k:
            os.remove(self.kept.pop()[2])
''',
            "saves the weights only": _KEEP_HEAD + '''
    def on_epoch_end(self, epoch, logs=None):
        score = logs[self.monitor] if self.mode == "min" else -logs[self.monitor]
        if len(self.kept) >= self.k and score >= self.kept[-1][0]:
            return
        path = os.path.join(self.directory, f"epoch-{epoch + 1:02d}.weights.h5")
        self.model.save_weights(path)
        self.kept = sorted(self.kept + [(score, epoch, path)])
        while len(self.kept) > self.k:
            os.remove(self.kept.pop()[2])
''',
            "does not create the directory": '''
class KeepBestCheckpoints(keras.callbacks.Callback):
    def __init__(self, directory, k=3, monitor="val_loss", mode="min"):
        super().__init__()
        self.directory, self.k, self.monitor, self.mode = directory, k, monitor, mode

    def on_train_begin(self, logs=None):
        self.kept = []

    def on_epoch_end(self, epoch, logs=None):
        score = logs[self.monitor] if self.mode == "min" else -logs[self.monitor]
        if len(self.kept) >= self.k and score >= self.kept[-1][0]:
            return
        path = os.path.join(self.directory, f"epoch-{epoch + 1:02d}.keras")
        self.model.save(path)
        self.kept = sorted(self.kept + [(score, epoch, path)])
        while len(self.kept) > self.k:
            os.remove(self.kept.pop()[2])
''',
        },
        "right": {
            "save, then delete whatever is not among the k best": '''
class KeepBestCheckpoints(keras.callbacks.Callback):
    def __init__(self, directory, k=3, monitor="val_loss", mode="min"):
        super().__init__()
        self.directory, self.k, self.monitor, self.mode = directory, k, monitor, mode

    def on_train_begin(self, logs=None):
        os.makedirs(self.directory, exist_ok=True)
        self.values = {}

    def on_epoch_end(self, epoch, logs=None):
        sign = 1.0 if self.mode == "min" else -1.0
        self.values[epoch] = sign * logs[self.monitor]
        best = sorted(self.values, key=lambda e: (self.values[e], e))[: self.k]
        name = lambda e: os.path.join(self.directory, f"epoch-{e + 1:02d}.keras")
        if epoch in best:
            self.model.save(name(epoch))
        for e in list(self.values):
            if e not in best and os.path.exists(name(e)):
                os.remove(name(e))
''',
            "heapq of the k best": '''
import heapq


class KeepBestCheckpoints(keras.callbacks.Callback):
    def __init__(self, directory, k=3, monitor="val_loss", mode="min"):
        super().__init__()
        self.directory = directory
        self.k = k
        self.monitor = monitor
        self.mode = mode

    def on_train_begin(self, logs=None):
        os.makedirs(self.directory, exist_ok=True)
        self.heap = []   # the worst kept first: (-badness, -epoch, path)

    def on_epoch_end(self, epoch, logs=None):
        badness = logs[self.monitor] if self.mode == "min" else -logs[self.monitor]
        if len(self.heap) == self.k and badness >= -self.heap[0][0]:
            return
        path = os.path.join(self.directory, f"epoch-{epoch + 1:02d}.keras")
        self.model.save(path)
        heapq.heappush(self.heap, (-badness, -epoch, path))
        if len(self.heap) > self.k:
            os.remove(heapq.heappop(self.heap)[2])
''',
        },
    },
}
