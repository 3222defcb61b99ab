"""Wrong and alternative answers for 03_layers (see README.md)."""

# ----------------------------------------------------------------------------- dense_forward
def _dense(body):
    return f"def dense_forward(x, kernel, bias):\n    {body}\n"


# ----------------------------------------------------------------------------- conv2d_forward
_CONV = '''def conv2d_forward(images, kernel, bias, stride=1):
    kh, kw = {kh}, {kw}
    kernel = {kernel}
    out_h = {out_h}
    out_w = (images.shape[2] - kw) // stride + 1
    rows = []
    for i in range(out_h):
        row = []
        for j in range(out_w):
            window = images[:, {rows}, {cols}, :]
            row.append({value})
        rows.append(tf.stack(row, axis=1))
    return {result}
'''


def _conv(kh="kernel.shape[0]", kw="kernel.shape[1]", kernel="kernel", out_h="(images.shape[1] - kh) // stride + 1",
          rows="i * stride:i * stride + kh", cols="j * stride:j * stride + kw",
          value="tf.tensordot(window, kernel, axes=[[1, 2, 3], [0, 1, 2]]) + bias", result="tf.stack(rows, axis=1)"):
    return _CONV.format(kh=kh, kw=kw, kernel=kernel, out_h=out_h, rows=rows, cols=cols, value=value, result=result)


# ----------------------------------------------------------------------------- conv_stack_shape
_STACK = '''import math


def conv_stack_shape(input_shape, layers):
    height, width, channels = input_shape
    for spec in layers:
        k = spec["kernel"] if spec["type"] == "conv" else spec["size"]
        s = spec["stride"]
        if spec["padding"] == "same":
            height, width = {same_h}, {same_w}
        else:
            height, width = {valid_h}, {valid_w}
        if spec["type"] == "conv":
            channels = {channels}
    return {result}
'''


def _stack(same_h="math.ceil(height / s)", same_w="math.ceil(width / s)", valid_h="(height - k) // s + 1",
           valid_w="(width - k) // s + 1", channels='spec["filters"]', result="(height, width, channels)"):
    return _STACK.format(same_h=same_h, same_w=same_w, valid_h=valid_h, valid_w=valid_w, channels=channels,
                         result=result)


# ----------------------------------------------------------------------------- simple_rnn_forward
_RNN = '''def simple_rnn_forward(x, kernel, recurrent_kernel, bias, return_sequences=False):
    h = {h0}
    states = []
    for t in {steps}:
        h = {step}
        states.append(h)
    return {sequences} if return_sequences else {last}
'''


def _rnn(h0="tf.zeros((tf.shape(x)[0], recurrent_kernel.shape[0]))", steps="range(x.shape[1])",
         step="tf.tanh(x[:, t, :] @ kernel + h @ recurrent_kernel + bias)", sequences="tf.stack(states, axis=1)",
         last="h"):
    return _RNN.format(h0=h0, steps=steps, step=step, sequences=sequences, last=last)


# ----------------------------------------------------------------------------- rnn_params
_PARAMS = '''def rnn_params(kind, input_dim, units, reset_after=True):
    if kind == "simple":
        return {simple}
    if kind == "lstm":
        return {lstm}
    return {gru}
'''


def _params(simple="units * (input_dim + units + 1)", lstm="4 * units * (input_dim + units + 1)",
            gru="3 * units * (input_dim + units + (2 if reset_after else 1))"):
    return _PARAMS.format(simple=simple, lstm=lstm, gru=gru)


# ----------------------------------------------------------------------------- fold_batchnorm
def _fold(scale="gamma / tf.sqrt(moving_variance + epsilon)", new_kernel="kernel * scale",
          new_bias="(bias - moving_mean) * scale + beta", default="1e-3"):
    return (
        f"def fold_batchnorm(kernel, bias, gamma, beta, moving_mean, moving_variance, epsilon={default}):\n"
        f"    scale = {scale}\n"
        f"    return {new_kernel}, {new_bias}\n"
    )


# ----------------------------------------------------------------------------- inverted_dropout
_DROP = '''class InvertedDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training={default}):
        if {skip}:
            return {infer}
        keep = {keep}
        return {train}
'''


def _drop(default="False", skip="not training", infer="inputs",
          keep="keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator) >= self.rate",
          train="keras.ops.where(keep, inputs / (1.0 - self.rate), keras.ops.zeros_like(inputs))"):
    return _DROP.format(default=default, skip=skip, infer=infer, keep=keep, train=train)


# ----------------------------------------------------------------------------- scale_shift
_LAYER = '''class ScaleShift(keras.layers.Layer):
    def build(self, input_shape):
        features = input_shape[-1]
        self.scale = {scale}
        self.shift = {shift}

    def call(self, inputs):
        return {call}
'''
_SCALE = 'self.add_weight(shape=(features,), initializer="ones", name="scale")'
_SHIFT = 'self.add_weight(shape=(features,), initializer="zeros", name="shift")'


def _layer(scale=_SCALE, shift=_SHIFT, call="inputs * self.scale + self.shift"):
    return _LAYER.format(scale=scale, shift=shift, call=call)


ANSWERS = {
    "dense_forward": {
        "wrong": {
            "no activation": _dense("return tf.matmul(x, kernel) + bias"),
            "no bias": _dense("return tf.nn.relu(tf.matmul(x, kernel))"),
            "sigmoid instead of relu": _dense("return tf.sigmoid(tf.matmul(x, kernel) + bias)"),
            "leaky relu": _dense("return tf.nn.leaky_relu(tf.matmul(x, kernel) + bias, alpha=0.1)"),
            "transposed kernel": _dense("return tf.nn.relu(tf.matmul(x, tf.transpose(kernel)) + bias)"),
            "kernel times x": _dense("return tf.nn.relu(tf.matmul(tf.transpose(kernel), tf.transpose(x)) + bias[:, None])"),
            "NumPy instead of a tensor": _dense("return np.maximum(x.numpy() @ kernel.numpy() + bias.numpy(), 0.0)"),
            "always float32": (
                "def dense_forward(x, kernel, bias):\n"
                "    x, kernel, bias = (tf.cast(t, tf.float32) for t in (x, kernel, bias))\n"
                "    return tf.nn.relu(tf.matmul(x, kernel) + bias)\n"
            ),
            "tensordot over axis 1 (2-D inputs only)": _dense("return tf.nn.relu(tf.tensordot(x, kernel, axes=[[1], [0]]) + bias)"),
            "einsum for 2-D inputs only": _dense("return tf.nn.relu(tf.einsum('bi,iu->bu', x, kernel) + bias)"),
            "flattens everything but the batch axis": (
                "def dense_forward(x, kernel, bias):\n"
                "    flat = tf.reshape(x, (x.shape[0], -1))\n"
                "    return tf.nn.relu(flat @ kernel + bias)\n"
            ),
        },
        "right": {
            "@ and tf.maximum": _dense("return tf.maximum(x @ kernel + bias, 0)"),
            "keras.ops": _dense("return keras.ops.relu(keras.ops.add(keras.ops.matmul(x, kernel), bias))"),
            "einsum with an ellipsis": _dense("return tf.nn.relu(tf.einsum('...i,iu->...u', x, kernel) + bias)"),
            "tensordot on the last axis": _dense("return tf.nn.relu(tf.tensordot(x, kernel, axes=[[-1], [0]]) + bias)"),
        },
    },
    "conv2d_forward": {
        "wrong": {
            "flipped kernel (a true convolution)": _conv(kernel="tf.reverse(kernel, axis=[0, 1])"),
            "windows ignore the stride": _conv(rows="i:i + kh", cols="j:j + kw"),
            "output size without + 1": _conv(out_h="(images.shape[1] - kh) // stride"),
            "no bias": _conv(value="tf.tensordot(window, kernel, axes=[[1, 2, 3], [0, 1, 2]])"),
            "only the first input channel": _conv(
                value="tf.tensordot(window[..., 0], kernel[:, :, 0, :], axes=[[1, 2], [0, 1]]) + bias"),
            "kernel height and width swapped": _conv(kh="kernel.shape[1]", kw="kernel.shape[0]"),
            "relu added": _conv(result="tf.nn.relu(tf.stack(rows, axis=1))"),
            "same padding": (
                "def conv2d_forward(images, kernel, bias, stride=1):\n"
                "    return tf.nn.conv2d(images, kernel, strides=stride, padding='SAME') + bias\n"
            ),
            "fills a NumPy array": (
                "def conv2d_forward(images, kernel, bias, stride=1):\n"
                "    x, k, b = images.numpy(), kernel.numpy(), bias.numpy()\n"
                "    kh, kw = k.shape[:2]\n"
                "    out = np.zeros((x.shape[0], (x.shape[1] - kh) // stride + 1, (x.shape[2] - kw) // stride + 1, k.shape[3]),\n"
                "                   dtype='float32')\n"
                "    for i in range(out.shape[1]):\n"
                "        for j in range(out.shape[2]):\n"
                "            window = x[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]\n"
                "            out[:, i, j, :] = np.tensordot(window, k, axes=[[1, 2, 3], [0, 1, 2]]) + b\n"
                "    return tf.constant(out)\n"
            ),
        },
        "right": {
            "tf.nn.conv2d": (
                "def conv2d_forward(images, kernel, bias, stride=1):\n"
                "    return tf.nn.conv2d(images, kernel, strides=stride, padding='VALID') + bias\n"
            ),
            "a loop over the kernel offsets": (
                "def conv2d_forward(images, kernel, bias, stride=1):\n"
                "    kh, kw = kernel.shape[0], kernel.shape[1]\n"
                "    out_h = (images.shape[1] - kh) // stride + 1\n"
                "    out_w = (images.shape[2] - kw) // stride + 1\n"
                "    total = 0.0\n"
                "    for u in range(kh):\n"
                "        for v in range(kw):\n"
                "            shifted = images[:, u:u + stride * (out_h - 1) + 1:stride, v:v + stride * (out_w - 1) + 1:stride, :]\n"
                "            total = total + tf.einsum('nhwc,cf->nhwf', shifted, kernel[u, v])\n"
                "    return total + bias\n"
            ),
            "extract_patches and a matrix product": (
                "def conv2d_forward(images, kernel, bias, stride=1):\n"
                "    kh, kw, c, f = kernel.shape\n"
                "    patches = tf.image.extract_patches(images, sizes=[1, kh, kw, 1], strides=[1, stride, stride, 1],\n"
                "                                       rates=[1, 1, 1, 1], padding='VALID')\n"
                "    return tf.tensordot(patches, tf.reshape(kernel, (kh * kw * c, f)), axes=1) + bias\n"
            ),
        },
    },
    "conv_stack_shape": {
        "wrong": {
            "same padding ignores the stride": _stack(same_h="height", same_w="width"),
            "same padding rounds down": _stack(same_h="height // s", same_w="width // s"),
            "valid padding without + 1": _stack(valid_h="(height - k) // s", valid_w="(width - k) // s"),
            "valid padding ignores the stride": _stack(valid_h="height - k + 1", valid_w="width - k + 1"),
            "valid padding rounds up": _stack(valid_h="math.ceil((height - k) / s) + 1", valid_w="math.ceil((width - k) / s) + 1"),
            "same padding treated like valid": _stack(same_h="(height - k) // s + 1", same_w="(width - k) // s + 1"),
            "conv keeps the channels": _stack(channels="channels"),
            "a list instead of a tuple": _stack(result="[height, width, channels]"),
            "height used for both axes": _stack(same_w="math.ceil(height / s)", valid_w="(height - k) // s + 1"),
            "empties the layers list": (
                "def conv_stack_shape(input_shape, layers):\n"
                "    height, width, channels = input_shape\n"
                "    while layers:\n"
                "        spec = layers.pop(0)\n"
                "        k = spec['kernel'] if spec['type'] == 'conv' else spec['size']\n"
                "        s = spec['stride']\n"
                "        if spec['padding'] == 'same':\n"
                "            height, width = -(-height // s), -(-width // s)\n"
                "        else:\n"
                "            height, width = (height - k) // s + 1, (width - k) // s + 1\n"
                "        if spec['type'] == 'conv':\n"
                "            channels = spec['filters']\n"
                "    return (height, width, channels)\n"
            ),
            "visible example hard-coded": "def conv_stack_shape(input_shape, layers):\n    return (7, 7, 32)\n",
        },
        "right": {
            "math.ceil / math.floor": _stack(valid_h="math.floor((height - k) / s) + 1", valid_w="math.floor((width - k) / s) + 1"),
            "Keras compute_output_shape": (
                "def conv_stack_shape(input_shape, layers):\n"
                "    shape = (None, *input_shape)\n"
                "    for spec in layers:\n"
                "        if spec['type'] == 'conv':\n"
                "            layer = keras.layers.Conv2D(spec['filters'], spec['kernel'], strides=spec['stride'],\n"
                "                                        padding=spec['padding'])\n"
                "        else:\n"
                "            layer = keras.layers.MaxPooling2D(spec['size'], strides=spec['stride'], padding=spec['padding'])\n"
                "        shape = layer.compute_output_shape(shape)\n"
                "    return tuple(int(d) for d in shape[1:])\n"
            ),
        },
    },
    "simple_rnn_forward": {
        "wrong": {
            "no tanh": _rnn(step="x[:, t, :] @ kernel + h @ recurrent_kernel + bias"),
            "sigmoid instead of tanh": _rnn(step="tf.sigmoid(x[:, t, :] @ kernel + h @ recurrent_kernel + bias)"),
            "recurrent kernel transposed": _rnn(step="tf.tanh(x[:, t, :] @ kernel + h @ tf.transpose(recurrent_kernel) + bias)"),
            "kernel and recurrent kernel swapped": _rnn(step="tf.tanh(x[:, t, :] @ recurrent_kernel + h @ kernel + bias)"),
            "the state is not carried over": _rnn(step="tf.tanh(x[:, t, :] @ kernel + bias)"),
            "h_0 = ones": _rnn(h0="tf.ones((tf.shape(x)[0], recurrent_kernel.shape[0]))"),
            "the first state instead of the last": _rnn(last="states[0]"),
            "time-major sequences": _rnn(sequences="tf.stack(states, axis=0)"),
            "the sequence read backwards": _rnn(steps="reversed(range(x.shape[1]))"),
            "batch size from x.shape[0]": _rnn(h0="tf.zeros((x.shape[0], recurrent_kernel.shape[0]))"),
            "tanh applied once, at the end": (
                "def simple_rnn_forward(x, kernel, recurrent_kernel, bias, return_sequences=False):\n"
                "    h = tf.zeros((tf.shape(x)[0], recurrent_kernel.shape[0]))\n"
                "    states = []\n"
                "    for t in range(x.shape[1]):\n"
                "        h = x[:, t, :] @ kernel + h @ recurrent_kernel + bias\n"
                "        states.append(tf.tanh(h))\n"
                "    return tf.stack(states, axis=1) if return_sequences else tf.tanh(h)\n"
            ),
        },
        "right": {
            "tf.scan over the time axis": (
                "def simple_rnn_forward(x, kernel, recurrent_kernel, bias, return_sequences=False):\n"
                "    h0 = tf.zeros_like(x[:, 0, :] @ kernel)\n"
                "    step = lambda h, x_t: tf.tanh(x_t @ kernel + h @ recurrent_kernel + bias)\n"
                "    states = tf.scan(step, tf.transpose(x, [1, 0, 2]), initializer=h0)\n"
                "    states = tf.transpose(states, [1, 0, 2])\n"
                "    return states if return_sequences else states[:, -1]\n"
            ),
            "keras.ops and unstack": (
                "def simple_rnn_forward(x, kernel, recurrent_kernel, bias, return_sequences=False):\n"
                "    h = keras.ops.zeros_like(keras.ops.matmul(x[:, 0], kernel))\n"
                "    states = []\n"
                "    for x_t in tf.unstack(x, axis=1):\n"
                "        h = keras.ops.tanh(keras.ops.matmul(x_t, kernel) + keras.ops.matmul(h, recurrent_kernel) + bias)\n"
                "        states.append(h)\n"
                "    return keras.ops.stack(states, axis=1) if return_sequences else h\n"
            ),
            "projects all inputs at once": (
                "def simple_rnn_forward(x, kernel, recurrent_kernel, bias, return_sequences=False):\n"
                "    projected = tf.einsum('btf,fu->btu', x, kernel) + bias\n"
                "    h = tf.zeros_like(projected[:, 0])\n"
                "    states = []\n"
                "    for t in range(x.shape[1]):\n"
                "        h = tf.tanh(projected[:, t] + tf.matmul(h, recurrent_kernel))\n"
                "        states.append(h)\n"
                "    return tf.stack(states, 1) if return_sequences else states[-1]\n"
            ),
        },
    },
    "rnn_params": {
        "wrong": {
            "LSTM with 3 blocks (the gates, no candidate)": _params(lstm="3 * units * (input_dim + units + 1)"),
            "LSTM with 5 blocks (4 gates and a candidate)": _params(lstm="5 * units * (input_dim + units + 1)"),
            "LSTM without the recurrent matrices": _params(lstm="4 * units * (input_dim + 1)"),
            "GRU always with two biases": _params(gru="3 * units * (input_dim + units + 2)"),
            "GRU always with one bias": _params(gru="3 * units * (input_dim + units + 1)"),
            "GRU reset_after read the wrong way round": _params(gru="3 * units * (input_dim + units + (1 if reset_after else 2))"),
            "GRU: a recurrent bias for the candidate only": _params(
                gru="3 * units * (input_dim + units + 1) + (units if reset_after else 0)"),
            "recurrent matrix of shape (input_dim, units)": _params(
                simple="units * (2 * input_dim + 1)", lstm="4 * units * (2 * input_dim + 1)",
                gru="3 * units * (2 * input_dim + (2 if reset_after else 1))"),
            "SimpleRNN without the bias": _params(simple="units * (input_dim + units)"),
            "counts as floats": _params(lstm="4.0 * units * (input_dim + units + 1)"),
        },
        "right": {
            "block by block": (
                "def rnn_params(kind, input_dim, units, reset_after=True):\n"
                "    w, u, b = input_dim * units, units * units, units\n"
                "    if kind == 'simple':\n"
                "        return w + u + b\n"
                "    if kind == 'lstm':\n"
                "        return 4 * (w + u + b)\n"
                "    return 3 * (w + u + b) + (3 * b if reset_after else 0)\n"
            ),
            "built Keras layers": (
                "def rnn_params(kind, input_dim, units, reset_after=True):\n"
                "    if kind == 'gru':\n"
                "        layer = keras.layers.GRU(units, reset_after=reset_after)\n"
                "    else:\n"
                "        layer = {'simple': keras.layers.SimpleRNN, 'lstm': keras.layers.LSTM}[kind](units)\n"
                "    layer.build((None, 1, input_dim))\n"
                "    return layer.count_params()\n"
            ),
        },
    },
    "fold_batchnorm": {
        "wrong": {
            "epsilon forgotten": _fold(scale="gamma / tf.sqrt(moving_variance)"),
            "epsilon outside the square root": _fold(scale="gamma / (tf.sqrt(moving_variance) + epsilon)"),
            "divides by the variance": _fold(scale="gamma / (moving_variance + epsilon)"),
            "scales the kernel's rows": _fold(new_kernel="kernel * scale[:, None]"),
            "bias not shifted by the moving mean": _fold(new_bias="bias * scale + beta"),
            "moving mean subtracted after scaling": _fold(new_bias="bias * scale - moving_mean + beta"),
            "Dense bias left unscaled": _fold(new_bias="bias - moving_mean * scale + beta"),
            "beta forgotten": _fold(new_bias="(bias - moving_mean) * scale"),
            "PyTorch's default epsilon (1e-5)": _fold(default="1e-5"),
            "NumPy arrays instead of tensors": _fold(
                scale="(gamma / tf.sqrt(moving_variance + epsilon)).numpy()",
                new_kernel="kernel.numpy() * scale", new_bias="((bias - moving_mean) * scale + beta).numpy()"),
        },
        "right": {
            "rsqrt": _fold(scale="gamma * tf.math.rsqrt(moving_variance + epsilon)",
                           new_bias="beta + (bias - moving_mean) * scale"),
            "a diagonal matrix": _fold(new_kernel="kernel @ tf.linalg.diag(scale)",
                                       new_bias="tf.linalg.matvec(tf.linalg.diag(scale), bias - moving_mean) + beta"),
            "keras.ops": _fold(scale="keras.ops.divide(gamma, keras.ops.sqrt(moving_variance + epsilon))",
                               new_kernel="keras.ops.multiply(kernel, scale)"),
        },
    },
    "inverted_dropout": {
        "wrong": {
            "no scaling": _drop(train="keras.ops.where(keep, inputs, keras.ops.zeros_like(inputs))"),
            "scaled by 1 / rate": _drop(train="keras.ops.where(keep, inputs / self.rate, keras.ops.zeros_like(inputs))"),
            "keeps an entry with probability rate": _drop(
                keep="keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator) < self.rate"),
            "drops at inference too": _drop(skip="self.rate == 0"),
            "training by default": _drop(default="True"),
            "old-style dropout: scaled at inference": _drop(
                infer="inputs * (1.0 - self.rate)", train="keras.ops.where(keep, inputs, keras.ops.zeros_like(inputs))"),
            "mask from inputs.shape": _drop(keep="keras.random.uniform(inputs.shape, seed=self.seed_generator) >= self.rate"),
            "NumPy mask": _drop(keep="np.random.random(inputs.shape) >= self.rate"),
            "one mask for the whole batch": _drop(
                keep="keras.random.uniform((1, keras.ops.shape(inputs)[-1]), seed=self.seed_generator) >= self.rate"),
            "the same mask at every call": _drop(
                keep="keras.random.uniform(keras.ops.shape(inputs), seed=0) >= self.rate"),
        },
        "right": {
            "tf.random.uniform": _drop(keep="tf.random.uniform(tf.shape(inputs)) >= self.rate",
                                       train="tf.cast(keep, inputs.dtype) * inputs / (1.0 - self.rate)"),
            "tf.nn.dropout": _drop(keep="None", train="tf.nn.dropout(inputs, rate=self.rate)"),
            "a wrapped keras.layers.Dropout": (
                "class InvertedDropout(keras.layers.Layer):\n"
                "    def __init__(self, rate, seed=None, **kwargs):\n"
                "        super().__init__(**kwargs)\n"
                "        self.inner = keras.layers.Dropout(rate, seed=seed)\n\n"
                "    def call(self, inputs, training=False):\n"
                "        return self.inner(inputs, training=training)\n"
            ),
        },
    },
    "scale_shift": {
        "wrong": {
            "weights not trainable": _layer(
                scale='self.add_weight(shape=(features,), initializer="ones", trainable=False)',
                shift='self.add_weight(shape=(features,), initializer="zeros", trainable=False)',
            ),
            "scalar scale and shift": _layer(
                scale='self.add_weight(shape=(), initializer="ones")',
                shift='self.add_weight(shape=(), initializer="zeros")',
            ),
            "shift starts at ones": _layer(shift='self.add_weight(shape=(features,), initializer="ones")'),
            "random initial scale": _layer(scale='self.add_weight(shape=(features,), initializer="random_normal")'),
            "constants instead of weights": _layer(
                scale="tf.ones((features,))",
                shift="tf.zeros((features,))",
            ),
            "gradient stopped": _layer(call="tf.stop_gradient(inputs * self.scale) + self.shift"),
            "shift multiplied too": _layer(call="(inputs + self.shift) * self.scale"),
            "width hard-coded to 3": _layer(
                scale='self.add_weight(shape=(3,), initializer="ones")',
                shift='self.add_weight(shape=(3,), initializer="zeros")',
            ),
        },
        "right": {
            "initializer objects and keras.ops": _layer(
                scale="self.add_weight(shape=(features,), initializer=keras.initializers.Ones(), trainable=True)",
                shift="self.add_weight(shape=(features,), initializer=keras.initializers.Zeros(), trainable=True)",
                call="keras.ops.add(keras.ops.multiply(inputs, self.scale), self.shift)",
            ),
            "with __init__ and shapes from input_shape[-1:]": (
                "class ScaleShift(keras.layers.Layer):\n"
                "    def __init__(self, **kwargs):\n"
                "        super().__init__(**kwargs)\n\n"
                "    def build(self, input_shape):\n"
                "        self.scale = self.add_weight(shape=tuple(input_shape[-1:]), initializer='ones', name='scale')\n"
                "        self.shift = self.add_weight(shape=tuple(input_shape[-1:]), initializer='zeros', name='shift')\n\n"
                "    def call(self, inputs):\n"
                "        return self.shift + self.scale * inputs\n"
            ),
        },
    },
}
