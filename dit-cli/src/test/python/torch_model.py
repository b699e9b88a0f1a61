"""The torch.nn.Sequential a `dit export` describes, built from manifest.json's structured layer fields.

Independent of dit's code and of python/dit_record.py: never reads the "torch" strings or the
spec; a Residual is the manifest's own three-line class definition (x + body(x)). Shared by
rebuild_export.py (whose numpy mode runs without torch: torch is imported by build only) and
torch_dit_sweep.py.
"""


def walk(seq, prefix=""):
    """(state_dict prefix, layer) for every layer, a Residual's body numbered inside it."""
    for layer in seq:
        yield prefix + str(layer["index"]), layer
        if layer["type"] == "Residual":
            yield from walk(layer["body"], f"{prefix}{layer['index']}.")


def build(layers):
    """The nn.Sequential of the manifest's model.layers (float64 parameters once the default dtype is)."""
    import torch

    residual = None
    for _, layer in walk(layers):
        if layer["type"] == "Residual" and residual is None:
            scope = {"torch": torch}
            exec(layer["definition"], scope)
            residual = scope["Residual"]

    def module(layer):
        t = layer["type"]
        if t == "Flatten":
            return torch.nn.Flatten(start_dim=layer["start_dim"])
        if t == "Linear":
            return torch.nn.Linear(layer["in_features"], layer["out_features"], bias=layer["bias"])
        if t == "Conv2d":
            return torch.nn.Conv2d(layer["in_channels"], layer["out_channels"], tuple(layer["kernel_size"]),
                                   stride=tuple(layer["stride"]), padding=tuple(layer["padding"]),
                                   dilation=tuple(layer["dilation"]), groups=layer["groups"], bias=layer["bias"])
        if t in ("MaxPool2d", "AvgPool2d"):
            return getattr(torch.nn, t)(tuple(layer["kernel_size"]), stride=tuple(layer["stride"]),
                                        padding=tuple(layer["padding"]), ceil_mode=layer["ceil_mode"])
        if t == "AdaptiveAvgPool2d":
            return torch.nn.AdaptiveAvgPool2d(tuple(layer["output_size"]))
        if t == "LayerNorm":
            return torch.nn.LayerNorm(layer["normalized_shape"], eps=layer["eps"],
                                      elementwise_affine=layer["elementwise_affine"])
        if t == "LeakyReLU":
            return torch.nn.LeakyReLU(layer["negative_slope"])
        if t == "ELU":
            return torch.nn.ELU(layer["alpha"])
        if t == "GELU":
            return torch.nn.GELU(approximate=layer["approximate"])
        if t == "Residual":
            return residual(*[module(b) for b in layer["body"]])
        return {"ReLU": torch.nn.ReLU, "Tanh": torch.nn.Tanh, "Sigmoid": torch.nn.Sigmoid,
                "Softplus": torch.nn.Softplus}[t]()

    return torch.nn.Sequential(*[module(layer) for layer in layers])
