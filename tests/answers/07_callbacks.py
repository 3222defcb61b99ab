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


_COUNTER = '''
class BatchCounter(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.counts = []

    def on_epoch_begin(self, epoch, logs=None):
        self.counts.append(0)
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


def _checkpoint(arguments: str) -> str:
    return f'''
def make_checkpoint(directory):
    return keras.callbacks.ModelCheckpoint(
        {arguments}
    )
'''


_GOOD_CHECKPOINT_NAME = 'os.path.join(directory, "best-{epoch:02d}-{val_accuracy:.3f}.keras")'

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
    "batch_counter": {
        "wrong": {
            "counts validation batches too": _COUNTER + '''
    def on_train_batch_end(self, batch, logs=None):
        self.counts[-1] += 1

    def on_test_batch_end(self, batch, logs=None):
        self.counts[-1] += 1
''',
            "reads the planned steps from self.params": '''
class BatchCounter(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.counts = []

    def on_epoch_end(self, epoch, logs=None):
        self.counts.append(int(self.params["steps"]))
''',
            "stores the last batch index (off by one)": _COUNTER + '''
    def on_train_batch_end(self, batch, logs=None):
        self.counts[-1] = batch
''',
            "list never reset between fits": '''
class BatchCounter(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.counts = []

    def on_epoch_begin(self, epoch, logs=None):
        self.counts.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.counts[-1] += 1
''',
        },
        "right": {
            "the on_batch_end alias": _COUNTER + '''
    def on_batch_end(self, batch, logs=None):
        self.counts[-1] += 1
''',
            "batch index + 1, appended at epoch end": '''
class BatchCounter(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.counts = []
        self._seen = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._seen = 0

    def on_train_batch_end(self, batch, logs=None):
        self._seen = batch + 1

    def on_epoch_end(self, epoch, logs=None):
        self.counts.append(self._seen)
''',
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
    "make_checkpoint": {
        "wrong": {
            "monitors val_loss": _checkpoint(f'{_GOOD_CHECKPOINT_NAME}, monitor="val_loss", save_best_only=True'),
            "mode min for an accuracy": _checkpoint(
                f'{_GOOD_CHECKPOINT_NAME}, monitor="val_accuracy", mode="min", save_best_only=True'
            ),
            "saves every epoch": _checkpoint(f'{_GOOD_CHECKPOINT_NAME}, monitor="val_accuracy", mode="max"'),
            "file name without the directory": _checkpoint(
                '"best-{epoch:02d}-{val_accuracy:.3f}.keras", monitor="val_accuracy", mode="max", save_best_only=True'
            ),
            "ignores directory (always the chapter's workdir)": _checkpoint(
                'os.path.join(workdir, "best-{epoch:02d}-{val_accuracy:.3f}.keras"), monitor="val_accuracy", '
                'mode="max", save_best_only=True'
            ),
            "legacy .h5 file": _checkpoint(
                'os.path.join(directory, "best-{epoch:02d}-{val_accuracy:.3f}.h5"), monitor="val_accuracy", '
                'mode="max", save_best_only=True'
            ),
        },
        "right": {
            "positional arguments": _checkpoint(
                f'{_GOOD_CHECKPOINT_NAME}, "val_accuracy", 0, True, False, "max"'
            ),
            "f-string with doubled braces": _checkpoint(
                'f"{directory}{os.sep}best-{{epoch:02d}}-{{val_accuracy:.3f}}.keras", monitor="val_accuracy", '
                'mode="max", save_best_only=True, save_weights_only=False'
            ),
        },
    },
}
