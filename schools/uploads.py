"""Uploaded documents are recognised by their first bytes, not by the name the user gave them."""


def starts_with(upload, signatures) -> bool:
    """Whether the file begins with one of the signatures (the file is rewound for whoever reads it next)."""
    head = upload.read(max(len(s) for s in signatures))
    upload.seek(0)
    return any(head.startswith(s) for s in signatures)
