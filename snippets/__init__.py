"""NumPy implementations behind the handbook's answers.

Every module that a page includes imports only numpy, so a reader can copy one file (or one
``# --8<-- [start:name]`` region) into their own code. Conventions follow PyTorch: argument names,
defaults and formulas match ``torch.nn.functional`` / ``torch.optim`` so results can be cross-checked.
"""
