"""The pure core: PR model, signals, rules, verdict and renderers. No I/O happens here."""
