"""The simple convnet recipe of the mnist-cnn example, in PyTorch, on Fashion-MNIST.

The reference for the example's Fashion-MNIST figures (datasets/README.md): the same network, Keras's initialisation
(Glorot-uniform kernels, zero biases), Adam with Keras's defaults, batch 128, the last 10% of the training images held
out for validation, 15 epochs.

    /usr/bin/python3 examples/MnistCnn/pytorch_simple_convnet.py [SEED] [EPOCHS]
"""
import gzip
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FOLDER = "/usr/share/datasets/fashion-mnist"  # Debian's dataset-fashion-mnist


def idx(name, header):
    with gzip.open(f"{FOLDER}/{name}") as f:
        return np.frombuffer(f.read(), np.uint8, offset=header)


def images(name):
    return torch.tensor(idx(name, 16).reshape(-1, 1, 28, 28) / 255.0, dtype=torch.float32)


def labels(name):
    return torch.tensor(idx(name, 8).astype(np.int64))


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        result = (model(x).argmax(1) == y).float().mean().item()
    model.train()
    return result


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1337
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    x, y = images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")
    x_test, y_test = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
    held_out = len(x) // 10
    x_train, y_train, x_val, y_val = x[:-held_out], y[:-held_out], x[-held_out:], y[-held_out:]

    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    for layer in model:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)

    for epoch in range(epochs):
        start = time.time()
        order = torch.randperm(len(x_train))
        for i in range(0, len(x_train), 128):
            batch = order[i:i + 128]
            loss = F.cross_entropy(model(x_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch + 1}: val_accuracy {accuracy(model, x_val, y_val):.4f} ({time.time() - start:.0f} s)", flush=True)
    print(f"test accuracy {accuracy(model, x_test, y_test):.4f}")


if __name__ == "__main__":
    main()
