"""Uploaded files: one list of the table formats we import, and documents recognised by their first
bytes, not by the name the user gave them."""

# tables the imports read (a .txt is read as CSV: some systems export CSV under that name)
IMPORT_EXTENSIONS = (".xlsx", ".csv", ".txt")

SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
}


def starts_with(upload, signatures) -> bool:
    """Whether the file begins with one of the signatures (the file is rewound for whoever reads it next)."""
    head = upload.read(max(len(s) for s in signatures))
    upload.seek(0)
    return any(head.startswith(s) for s in signatures)


def is_pdf(upload) -> bool:
    return starts_with(upload, SIGNATURES[".pdf"])
