"""Wrong and correct alternative answers for 08_model_apis (see README.md)."""

# --------------------------------------------------------------------------- widest_mlp
WIDEST = '''
def widest_mlp(n_inputs, n_outputs, depth, budget):
    def count(w):
        return COUNT

    if count(1) > budget:
        return 0
    w = 1
    while count(w + 1) COMPARE budget:
        w += 1
    return RETURN
'''
WIDEST_OK = dict(COUNT="(n_inputs + 1) * w + (depth - 1) * (w + 1) * w + (w + 1) * n_outputs", COMPARE="<=",
                 RETURN="w")


def widest(**changes):
    source = WIDEST
    for key, value in {**WIDEST_OK, **changes}.items():
        source = source.replace(key, value)
    return source


WIDEST_CLOSED_FORM_ROUNDED = '''
import math


def widest_mlp(n_inputs, n_outputs, depth, budget):
    # count(w) = a w^2 + b w + c with a = depth - 1, b = n_inputs + 1 + (depth - 1) + n_outputs, c = n_outputs
    a, b, c = depth - 1, n_inputs + depth + n_outputs, n_outputs - budget
    w = -c / b if a == 0 else (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    return max(round(w), 0)
'''

WIDEST_CLOSED_FORM_FLOAT = WIDEST_CLOSED_FORM_ROUNDED.replace("max(round(w), 0)", "max(math.floor(w) * 1.0, 0)")

WIDEST_CLOSED_FORM_RIGHT = '''
import math


def widest_mlp(n_inputs, n_outputs, depth, budget):
    def count(w):
        return (n_inputs + 1) * w + (depth - 1) * (w + 1) * w + (w + 1) * n_outputs

    a, b, c = depth - 1, n_inputs + depth + n_outputs, n_outputs - budget
    w = -c / b if a == 0 else (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    w = max(int(w), 0)
    while w > 0 and count(w) > budget:  # floating-point error: step back
        w -= 1
    while count(w + 1) <= budget:
        w += 1
    return w
'''

WIDEST_KERAS_BISECTION = '''
def widest_mlp(n_inputs, n_outputs, depth, budget):
    def count(w):
        model = keras.Sequential([keras.Input(shape=(n_inputs,))] + [layers.Dense(w) for _ in range(depth)]
                                 + [layers.Dense(n_outputs)])
        return model.count_params()

    if count(1) > budget:
        return 0
    low, high = 1, 1
    while count(high) <= budget:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if count(middle) <= budget else (low, middle)
    return int(low)
'''

# --------------------------------------------------------------------------- text_siamese
TEXT = '''
def text_siamese(vocab_size, dim):
    tokens = keras.Input(shape=(None,), dtype="int32")
    vectors = EMBED(tokens)
    encoder = keras.Model(tokens, POOL(vectors))
    query = keras.Input(shape=(None,), dtype="int32", name="query")
    document = keras.Input(shape=(None,), dtype="int32", name="document")
    similarity = HEAD([encoder(query), SECOND(document)])
    return keras.Model([query, document], similarity), encoder
'''
TEXT_OK = dict(EMBED="layers.Embedding(vocab_size, dim, mask_zero=True)", POOL="layers.GlobalAveragePooling1D()",
               HEAD="layers.Dot(axes=1, normalize=True)", SECOND="encoder")


def text(**changes):
    source = TEXT
    for key, value in {**TEXT_OK, **changes}.items():
        source = source.replace(key, value)
    return source


TEXT_TWO_ENCODERS = '''
def text_siamese(vocab_size, dim):
    def make_encoder():
        tokens = keras.Input(shape=(None,), dtype="int32")
        vectors = layers.Embedding(vocab_size, dim, mask_zero=True)(tokens)
        return keras.Model(tokens, layers.GlobalAveragePooling1D()(vectors))

    encoder, other = make_encoder(), make_encoder()
    query = keras.Input(shape=(None,), dtype="int32", name="query")
    document = keras.Input(shape=(None,), dtype="int32", name="document")
    similarity = layers.Dot(axes=1, normalize=True)([encoder(query), other(document)])
    return keras.Model([query, document], similarity), encoder
'''

TEXT_MANUAL_MASK = '''
def text_siamese(vocab_size, dim):
    tokens = keras.Input(shape=(None,), dtype="int32")
    vectors = layers.Embedding(vocab_size, dim)(tokens)
    mask = keras.ops.expand_dims(keras.ops.cast(tokens > 0, "float32"), -1)
    mean = keras.ops.sum(vectors * mask, axis=1) / keras.ops.sum(mask, axis=1)
    encoder = keras.Model(tokens, mean)
    query = keras.Input(shape=(None,), dtype="int32", name="query")
    document = keras.Input(shape=(None,), dtype="int32", name="document")
    e_q, e_d = encoder(query), encoder(document)
    cosine = keras.ops.sum(e_q * e_d, axis=1, keepdims=True) / (
        keras.ops.norm(e_q, axis=1, keepdims=True) * keras.ops.norm(e_d, axis=1, keepdims=True))
    return keras.Model([query, document], cosine), encoder
'''

TEXT_MANUAL_SUM = TEXT_MANUAL_MASK.replace(
    "keras.ops.sum(vectors * mask, axis=1) / keras.ops.sum(mask, axis=1)", "keras.ops.sum(vectors * mask, axis=1)")

TEXT_SEQUENTIAL_ENCODER = '''
def text_siamese(vocab_size, dim):
    encoder = keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        layers.Embedding(vocab_size, dim, mask_zero=True),
        layers.GlobalAveragePooling1D(),
    ], name="encoder")
    query = keras.Input(shape=(None,), dtype="int32", name="query")
    document = keras.Input(shape=(None,), dtype="int32", name="document")
    return keras.Model(inputs=[query, document],
                       outputs=layers.Dot(axes=-1, normalize=True)([encoder(query), encoder(document)])), encoder
'''

# --------------------------------------------------------------------------- Refiner
REFINER = '''
class Refiner(keras.Model):
    def __init__(self, units, max_steps=10, tol=0.01, **kwargs):
        super().__init__(**kwargs)
        self.max_steps, self.tol = max_steps, tol
        self.encode = layers.Dense(units)
        self.refine = layers.Dense(units, activation="tanh")
        self.head = layers.Dense(1)

    def call(self, x):
        h = self.encode(x)
        active = keras.ops.ones((keras.ops.shape(x)[0],), dtype="bool")

        def cond(step, h, active):
            return keras.ops.logical_and(step < self.max_steps, keras.ops.any(active))

        def body(step, h, active):
            delta = 0.5 * self.refine(h)
            h = UPDATE
            settled = SIZE < self.tol
            return step + 1, h, keras.ops.logical_and(active, keras.ops.logical_not(settled))

        _, h, _ = keras.ops.while_loop(cond, body, (0, h, active))
        return self.head(h)
'''
REFINER_OK = dict(UPDATE="keras.ops.where(active[:, None], h + delta, h)",
                  SIZE="keras.ops.max(keras.ops.abs(delta), axis=1)")


def refiner(**changes):
    source = REFINER
    for key, value in {**REFINER_OK, **changes}.items():
        source = source.replace(key, value)
    return source


REFINER_HEAD = '''
class Refiner(keras.Model):
    def __init__(self, units, max_steps=10, tol=0.01, **kwargs):
        super().__init__(**kwargs)
        self.max_steps, self.tol = max_steps, tol
        self.encode = layers.Dense(units)
        self.refine = layers.Dense(units, activation="tanh")
        self.head = layers.Dense(1)

    def call(self, x):
        h = self.encode(x)
'''

REFINER_PYTHON_WHILE = REFINER_HEAD + '''        active = keras.ops.ones((keras.ops.shape(x)[0],), dtype="bool")
        step = 0
        while step < self.max_steps and keras.ops.any(active):
            delta = 0.5 * self.refine(h)
            h = keras.ops.where(active[:, None], h + delta, h)
            active = keras.ops.logical_and(active, keras.ops.max(keras.ops.abs(delta), axis=1) >= self.tol)
            step += 1
        return self.head(h)
'''

REFINER_WHOLE_BATCH = REFINER_HEAD + '''        def cond(step, h, delta_max):
            return keras.ops.logical_and(step < self.max_steps, delta_max >= self.tol)

        def body(step, h, delta_max):
            delta = 0.5 * self.refine(h)
            return step + 1, h + delta, keras.ops.max(keras.ops.abs(delta))

        _, h, _ = keras.ops.while_loop(cond, body, (0, h, keras.ops.convert_to_tensor(float("inf"))))
        return self.head(h)
'''

REFINER_CHECK_FIRST = REFINER_HEAD + '''        active = keras.ops.ones((keras.ops.shape(x)[0],), dtype="bool")

        def cond(step, h, active):
            return keras.ops.logical_and(step < self.max_steps, keras.ops.any(active))

        def body(step, h, active):
            delta = 0.5 * self.refine(h)
            active = keras.ops.logical_and(active, keras.ops.max(keras.ops.abs(delta), axis=1) >= self.tol)
            return step + 1, keras.ops.where(active[:, None], h + delta, h), active

        _, h, _ = keras.ops.while_loop(cond, body, (0, h, active))
        return self.head(h)
'''

REFINER_FIXED_STEPS = REFINER_HEAD + '''        for _ in range(self.max_steps):
            h = h + 0.5 * self.refine(h)
        return self.head(h)
'''

REFINER_MASKED_FOR = REFINER_HEAD + '''        active = keras.ops.ones_like(h[:, :1], dtype="bool")
        for _ in range(self.max_steps):  # always max_steps updates, settled samples masked out
            delta = 0.5 * self.refine(h)
            h = keras.ops.where(active, h + delta, h)
            active = keras.ops.logical_and(active, keras.ops.max(keras.ops.abs(delta), axis=1, keepdims=True) >= self.tol)
        return self.head(h)
'''

REFINER_TF_WHILE = REFINER_HEAD + '''        def body(h, active):
            delta = 0.5 * self.refine(h)
            still = tf.reduce_max(tf.abs(delta), axis=1) >= self.tol
            return tf.where(active[:, None], h + delta, h), tf.logical_and(active, still)

        active = tf.ones(tf.shape(x)[:1], dtype=tf.bool)
        h, _ = tf.while_loop(lambda h, active: tf.reduce_any(active), body, (h, active),
                             maximum_iterations=self.max_steps)
        return self.head(h)
'''

# --------------------------------------------------------------------------- SaveableMLP
SAVE = '''
DECORATOR
class SaveableMLP(keras.Model):
    def __init__(self, hidden=(16,), n_out=1, dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.hidden_sizes = [int(units) for units in hidden]
        self.n_out, self.dropout_rate = n_out, dropout
        self.blocks = [layers.Dense(units, activation=ACT) for units in self.hidden_sizes]
        self.drop = layers.Dropout(dropout)
        self.out = layers.Dense(n_out)

    def call(self, x, training=False):
        for block in self.blocks:
            x = block(x)
        return self.out(self.drop(x, training=TRAINING))

GET_CONFIG
'''
SAVE_OK = dict(
    DECORATOR='@keras.saving.register_keras_serializable(package="course")', ACT='"relu"', TRAINING="training",
    GET_CONFIG='''    def get_config(self):
        return {**super().get_config(), "hidden": list(self.hidden_sizes), "n_out": self.n_out,
                "dropout": self.dropout_rate}''')


def save(**changes):
    source = SAVE
    for key, value in {**SAVE_OK, **changes}.items():
        source = source.replace(key, value)
    return source


SAVE_CUSTOM_FROM_CONFIG = '''
@keras.saving.register_keras_serializable(package="my_models", name="MLP")
class SaveableMLP(keras.Model):
    def __init__(self, hidden=(16,), n_out=1, dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.hidden, self.n_out, self.dropout = tuple(hidden), n_out, dropout
        self.stack = [layers.Dense(u, activation="relu") for u in hidden] + [layers.Dropout(dropout)]
        self.final = layers.Dense(n_out)

    def call(self, x, training=None):
        for layer in self.stack:
            x = layer(x, training=training) if isinstance(layer, layers.Dropout) else layer(x)
        return self.final(x)

    def get_config(self):
        config = super().get_config()
        config.update(hidden=list(self.hidden), n_out=self.n_out, dropout=self.dropout)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)
'''

# --------------------------------------------------------------------------- two_in_two_out
TWO = '''
def two_in_two_out(n_text, n_user, n_categories):
    text = keras.Input(shape=(n_text,), name=TEXT_NAME)
    user = keras.Input(shape=(n_user,), name="user_features")
    h = layers.Dense(32, activation=HIDDEN_ACT)(layers.Concatenate()(MERGE))
    rating = layers.Dense(1, name=RATING_NAME)(h)
    category = layers.Dense(n_categories, name="category"CAT_ACT)(h)
    return keras.Model(inputs=[text, user], outputs=OUTPUTS)
'''
TWO_OK = dict(TEXT_NAME='"text_features"', HIDDEN_ACT='"relu"', MERGE="[text, user]", RATING_NAME='"rating"',
              CAT_ACT="", OUTPUTS="[rating, category]")


def two(**changes):
    source = TWO
    for key, value in {**TWO_OK, **changes}.items():
        source = source.replace(key, value)
    return source


# --------------------------------------------------------------------------- residual_block
RES = '''
def residual_block(x, units):
    f = layers.Dense(units, activation="relu")(x)
    f = layers.Dense(units)(f)
    shortcut = SHORTCUT
    return FINISH
'''
RES_SHORTCUT = 'x if x.shape[-1] == units else layers.Dense(units, use_bias=False)(x)'
RES_FINISH = 'layers.Activation("relu")(layers.Add()([shortcut, f]))'


def res(shortcut=RES_SHORTCUT, finish=RES_FINISH):
    return RES.replace("SHORTCUT", shortcut).replace("FINISH", finish)


# --------------------------------------------------------------------------- FitLikeModel
FIT = '''
class FitLikeModel(keras.Model):
    def train_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        with tf.GradientTape() as tape:
            y_pred = FORWARD
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=LOSS_SW)
        grads = tape.gradient(loss, self.trainable_weights)
        APPLY
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss, sample_weight=TRACKER_SW)
            else:
                metric.update_state(y, y_pred, sample_weight=METRIC_SW)
        return RETURN
'''
FIT_OK = dict(FORWARD="self(x, training=True)", LOSS_SW="sample_weight", TRACKER_SW="keras.ops.shape(x)[0]",
              APPLY="self.optimizer.apply(grads, self.trainable_weights)", METRIC_SW="sample_weight",
              RETURN="{m.name: m.result() for m in self.metrics}")


def fit(**changes):
    source = FIT
    for key, value in {**FIT_OK, **changes}.items():
        source = source.replace(key, value)
    return source


FIT_OLD_STYLE = '''
class FitLikeModel(keras.Model):
    def train_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compiled_loss(y, y_pred, sample_weight)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        self.compiled_metrics.update_state(y, y_pred, sample_weight)
        return {m.name: m.result() for m in self.metrics}
'''

FIT_COMPUTE_METRICS = '''
class FitLikeModel(keras.Model):
    def train_step(self, data):
        if isinstance(data, tuple) and len(data) == 3:
            x, y, sw = data
        else:
            (x, y), sw = data, None
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sw)
        variables = self.trainable_variables
        self.optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss, sample_weight=tf.shape(y_pred)[0])
        return self.compute_metrics(x, y, y_pred, sample_weight=sw)
'''

# --------------------------------------------------------------------------- PositiveRateModel
POS = '''
class PositiveRateModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.positive_rate = keras.metrics.Mean(name="positive_rate")

    def test_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=TRAINING)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=LOSS_SW)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss, sample_weight=TRACKER_SW)
            elif metric.name == "positive_rate":
                metric.update_state(tf.cast(POSITIVE, "float32"))
            else:
                metric.update_state(y, y_pred, sample_weight=sample_weight)
        return {m.name: m.result() for m in self.metrics}
'''
POS_OK = dict(TRAINING="False", LOSS_SW="sample_weight", POSITIVE="y_pred > 0", TRACKER_SW="keras.ops.shape(x)[0]")


def pos(**changes):
    source = POS
    for key, value in {**POS_OK, **changes}.items():
        source = source.replace(key, value)
    return source


POS_GENERIC_LOOP = '''
class PositiveRateModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.positive_rate = keras.metrics.Mean(name="positive_rate")

    def test_step(self, data):
        x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss, sample_weight=keras.ops.shape(x)[0])
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}
'''

POS_SEPARATE = '''
class PositiveRateModel(keras.Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rate_tracker = keras.metrics.Mean(name="positive_rate")

    def test_step(self, data):
        x, y, sw = keras.utils.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sw)
        self.rate_tracker.update_state(keras.ops.cast(keras.ops.sigmoid(y_pred) > 0.5, "float32"))
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss, sample_weight=tf.shape(y_pred)[0])
            elif metric is not self.rate_tracker:
                metric.update_state(y, y_pred, sample_weight=sw)
        return {m.name: m.result() for m in self.metrics}
'''

# --------------------------------------------------------------------------- three_apis
THREE = '''
def build_sequential(n_features, n_classes):
    return keras.Sequential([
        keras.Input(shape=(N_FEATURES,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(8, activation="relu"),
        layers.Dense(n_classes, activation=SEQ_OUT),
    ])


def build_functional(n_features, n_classes):
    inputs = keras.Input(shape=(n_features,))
    h = layers.Dense(16, activation="relu")(inputs)
    h = layers.Dense(8, activation=FUNC_ACT)(h)
    return keras.Model(inputs, layers.Dense(n_classes)(h))


class SubclassedMLP(keras.Model):
    def __init__(self, n_classes, **kwargs):
        super().__init__(**kwargs)
        self.d1 = layers.Dense(SUB_FIRST, activation="relu")
        self.d2 = layers.Dense(SUB_SECOND, activation="relu")
        self.d3 = layers.Dense(n_classes)

    def call(self, x):
        return self.d3(self.d2(self.d1(x)))


def build_subclassed(n_features, n_classes):
    model = SubclassedMLP(n_classes)
    BUILD
    return model
'''
THREE_OK = dict(N_FEATURES="n_features", SEQ_OUT="None", FUNC_ACT='"relu"', SUB_FIRST="16", SUB_SECOND="8",
                BUILD='model(np.zeros((1, n_features), dtype="float32"))')


def three(**changes):
    source = THREE
    for key, value in {**THREE_OK, **changes}.items():
        source = source.replace(key, value)
    return source


THREE_ALT = '''
def build_sequential(n_features, n_classes):
    model = keras.Sequential()
    model.add(keras.Input(shape=(n_features,)))
    for units in (16, 8):
        model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dense(n_classes))
    return model


def build_functional(n_features, n_classes):
    x = inputs = keras.Input(shape=(n_features,))
    for units in (16, 8):
        x = layers.Dense(units, activation="relu")(x)
    return keras.Model(inputs=inputs, outputs=layers.Dense(n_classes)(x))


class SubclassedMLP(keras.Model):
    def __init__(self, n_classes, **kwargs):
        super().__init__(**kwargs)
        self.blocks = [layers.Dense(16, activation="relu"), layers.Dense(8, activation="relu"), layers.Dense(n_classes)]

    def build(self, input_shape):
        shape = input_shape
        for block in self.blocks:
            block.build(shape)
            shape = block.compute_output_shape(shape)

    def call(self, x, training=False):
        for block in self.blocks:
            x = block(x)
        return x


def build_subclassed(n_features, n_classes):
    model = SubclassedMLP(n_classes)
    model.build((None, n_features))
    return model
'''

ANSWERS = {
    "widest_mlp": {
        "wrong": {
            "no biases": widest(COUNT="n_inputs * w + (depth - 1) * w * w + w * n_outputs"),
            "strictly below the budget": widest(COMPARE="<"),
            "one hidden-to-hidden layer too many": widest(
                COUNT="(n_inputs + 1) * w + depth * (w + 1) * w + (w + 1) * n_outputs"),
            "output layer forgotten": widest(COUNT="(n_inputs + 1) * w + (depth - 1) * (w + 1) * w"),
            "first width that does not fit": widest(RETURN="w + 1"),
            "returns the parameter count": widest(RETURN="count(w)"),
            "closed form rounded to the nearest width": WIDEST_CLOSED_FORM_ROUNDED,
            "closed form, floored, as a float": WIDEST_CLOSED_FORM_FLOAT,
        },
        "right": {
            "count up from 1": widest(),
            "closed form with an integer correction": WIDEST_CLOSED_FORM_RIGHT,
        },
    },
    "two_in_two_out": {
        "wrong": {
            "output layer named rating_head": two(RATING_NAME='"rating_head"'),
            "softmax on the category logits": two(CAT_ACT=', activation="softmax"'),
            "outputs in the wrong order": two(OUTPUTS="[category, rating]"),
            "user features concatenated first": two(MERGE="[user, text]"),
            "input named text": two(TEXT_NAME='"text"'),
            "hidden layer without relu": two(HIDDEN_ACT="None"),
            "outputs as a dict": two(OUTPUTS='{"rating": rating, "category": category}'),
        },
        "right": {
            "as specified": two(),
            "concatenate function and explicit linear activation": two(CAT_ACT=', activation="linear"').replace(
                "layers.Concatenate()([text, user])", "layers.concatenate([text, user], axis=-1)"),
        },
    },
    "residual_block": {
        "wrong": {
            "no shortcut": res(finish='layers.Activation("relu")(f)'),
            "no final relu": res(finish="layers.Add()([shortcut, f])"),
            "concatenate instead of add": res(finish='layers.Activation("relu")(layers.Concatenate()([shortcut, f]))'),
            "projection with a bias": res(shortcut="x if x.shape[-1] == units else layers.Dense(units)(x)"),
            "always projects": res(shortcut="layers.Dense(units, use_bias=False)(x)"),
            "projection with a relu": res(
                shortcut='x if x.shape[-1] == units else layers.Dense(units, use_bias=False, activation="relu")(x)'),
            "relu on f before the add": res(finish='layers.Add()([shortcut, layers.Activation("relu")(f)])'),
        },
        "right": {
            "ReLU layer": res(finish="layers.ReLU()(layers.Add()([f, shortcut]))"),
            "if statement": RES.replace("    shortcut = SHORTCUT\n",
                                        "    shortcut = x\n    if x.shape[-1] != units:\n"
                                        "        shortcut = layers.Dense(units, use_bias=False)(x)\n").replace(
                "FINISH", RES_FINISH),
        },
    },
    "text_siamese": {
        "wrong": {
            "no padding mask": text(EMBED="layers.Embedding(vocab_size, dim)"),
            "dot product, not normalised": text(HEAD="layers.Dot(axes=1)"),
            "max pooling": text(POOL="layers.GlobalMaxPooling1D()"),
            "two separate encoders": TEXT_TWO_ENCODERS,
            "sum of the embeddings": TEXT_MANUAL_SUM,
            "distance instead of similarity": text(HEAD="(lambda pair: keras.ops.sum(keras.ops.abs(pair[0] - pair[1]), axis=1, keepdims=True))"),
        },
        "right": {
            "as specified": text(),
            "mask and cosine with keras.ops": TEXT_MANUAL_MASK,
            "Sequential encoder": TEXT_SEQUENTIAL_ENCODER,
        },
    },
    "Refiner": {
        "wrong": {
            "Python while on a tensor": REFINER_PYTHON_WHILE,
            "the whole batch stops together": REFINER_WHOLE_BATCH,
            "tolerance checked before the update is applied": REFINER_CHECK_FIRST,
            "always max_steps updates": REFINER_FIXED_STEPS,
            "mean instead of max of |delta|": refiner(SIZE="keras.ops.mean(keras.ops.abs(delta), axis=1)"),
            "settled samples keep moving": refiner(UPDATE="h + delta"),
        },
        "right": {
            "as specified": refiner(),
            "a masked Python for loop of max_steps": REFINER_MASKED_FOR,
            "tf.while_loop with maximum_iterations": REFINER_TF_WHILE,
        },
    },
    "SaveableMLP": {
        "wrong": {
            "no get_config": save(GET_CONFIG=""),
            "not registered": save(DECORATOR=""),
            "get_config without dropout": save(GET_CONFIG='''    def get_config(self):
        return {**super().get_config(), "hidden": list(self.hidden_sizes), "n_out": self.n_out}'''),
            "get_config without n_out": save(GET_CONFIG='''    def get_config(self):
        return {**super().get_config(), "hidden": list(self.hidden_sizes), "dropout": self.dropout_rate}'''),
            "hidden layers without relu": save(ACT="None"),
            "dropout also at inference": save(TRAINING="True"),
        },
        "right": {
            "as specified": save(),
            "own package and from_config": SAVE_CUSTOM_FROM_CONFIG,
            "get_config without super()": save(GET_CONFIG='''    def get_config(self):
        return {"hidden": self.hidden_sizes, "n_out": self.n_out, "dropout": self.dropout_rate}'''),
        },
    },
    "FitLikeModel": {
        "wrong": {
            "forward pass without training=True": fit(FORWARD="self(x)"),
            "sample weights left out of the loss": fit(LOSS_SW="None"),
            "sample weights left out of the metrics": fit(METRIC_SW="None"),
            "returns only the last batch's loss": fit(RETURN='{"loss": loss}'),
            "old compiled_loss / compiled_metrics": FIT_OLD_STYLE,
            "gradient ascent": fit(APPLY="self.optimizer.apply([-g for g in grads], self.trainable_weights)"),
            "loss tracker not weighted by the batch size": fit(TRACKER_SW="None"),
            "loss tracker weighted by the sum of the sample weights": fit(
                TRACKER_SW="1.0 if sample_weight is None else keras.ops.sum(sample_weight)"),
        },
        "right": {
            "as specified": fit(),
            "apply_gradients and compute_metrics": FIT_COMPUTE_METRICS,
            "batch size from the first input with tf.shape": fit(TRACKER_SW="tf.shape(keras.tree.flatten(x)[0])[0]"),
        },
    },
    "PositiveRateModel": {
        "wrong": {
            "training=True in test_step": pos(TRAINING="True"),
            "threshold 0.5 on the logits": pos(POSITIVE="y_pred > 0.5"),
            "positives counted in the labels": pos(POSITIVE="y > 0.5"),
            "sample weights left out of the loss": pos(LOSS_SW="None"),
            "positive_rate fed like the compile metrics": POS_GENERIC_LOOP,
            "loss tracker not weighted by the batch size": pos(TRACKER_SW="None"),
            "positive_rate weighted by the sample weights": pos().replace(
                'tf.cast(y_pred > 0, "float32"))', 'tf.cast(y_pred > 0, "float32"), sample_weight=sample_weight)'),
        },
        "right": {
            "as specified": pos(),
            "sigmoid > 0.5, separate update": POS_SEPARATE,
        },
    },
    "three_apis": {
        "wrong": {
            "subclass built with model.build only": three(BUILD="model.build((None, n_features))"),
            "functional second layer without relu": three(FUNC_ACT="None"),
            "softmax output in Sequential": three(SEQ_OUT='"softmax"'),
            "subclass layer sizes swapped": three(SUB_FIRST="8", SUB_SECOND="16"),
            "Sequential input size hard-coded": three(N_FEATURES="4"),
            "subclass never called": three(BUILD="pass"),
        },
        "right": {
            "as specified": three(),
            "loops, .add and an explicit build": THREE_ALT,
        },
    },
}
