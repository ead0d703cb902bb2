"""Generators of hostile and broken input files, made by the test suite itself (nothing downloaded).

Each function returns the bytes of one file. PDFs are written by hand (`pdf_file`) so that every
defect is exactly the one named: an xref /Prev loop, a Form XObject that draws itself, a Flate stream
that inflates to gigabytes. Encrypted PDFs come from pikepdf (test dependency).
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

TEXT = "Kinh gui: So Tai chinh. Bao cao truoc ngay 30/10/2024."  # Helvetica cannot show diacritics


def pdf_file(objects: list[bytes], *, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF from object bodies (object i+1 = objects[i]) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page_objects(content: bytes, resources: bytes = b"/Font << /F1 4 0 R >>") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents 5 0 R >>" % resources,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        content,
    ]


def text_pdf(text: str = TEXT) -> bytes:
    """A valid one-page text-layer PDF."""
    body = b"BT /F1 12 Tf 56 780 Td (%s) Tj ET" % text.encode("latin-1")
    return pdf_file(_page_objects(_stream(body)))


def truncated_pdf() -> bytes:
    data = text_pdf()
    return data[: len(data) // 2]


def html_as_pdf() -> bytes:
    return b"<!DOCTYPE html>\n<html><head><title>Cong van</title></head><body><p>Trang web</p></body></html>\n"


def _encrypted(user: str, owner: str) -> bytes:
    import pikepdf

    src = pikepdf.open(io.BytesIO(text_pdf()))
    out = io.BytesIO()
    src.save(out, encryption=pikepdf.Encryption(user=user, owner=owner, R=4,
                                                allow=pikepdf.Permissions(extract=False)))
    return out.getvalue()


def user_password_pdf() -> bytes:
    """Needs a password to open at all."""
    return _encrypted(user="mat-khau", owner="chu-so-huu")


def owner_password_pdf() -> bytes:
    """Opens with the empty user password; only permissions are restricted: must be read."""
    return _encrypted(user="", owner="chu-so-huu")


def xref_prev_loop_pdf() -> bytes:
    """Two xref sections whose trailers' /Prev point at each other (pdfminer recurses until it dies)."""
    objects = _page_objects(_stream(b"BT /F1 12 Tf 56 780 Td (%s) Tj ET" % TEXT.encode()))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    first = out.tell()
    table = b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o
                                                                                 for o in offsets)
    # Fixed-width offsets let each trailer name the other's position before it is written.
    first_len = len(table) + len(b"trailer\n<< /Size %d /Root 1 0 R /Prev %010d >>\n" % (len(objects) + 1, 0))
    second = first + first_len
    out.write(table + b"trailer\n<< /Size %d /Root 1 0 R /Prev %010d >>\n" % (len(objects) + 1, second))
    assert out.tell() == second
    out.write(b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size %d /Root 1 0 R /Prev %010d >>\n"
              % (len(objects) + 1, first))
    out.write(b"startxref\n%d\n%%%%EOF\n" % first)
    return out.getvalue()


def self_referencing_xobject_pdf() -> bytes:
    """A Form XObject whose resources name itself and whose content draws itself."""
    inner = b"BT /F1 12 Tf 56 700 Td (%s) Tj ET /X0 Do" % TEXT.encode()
    objects = _page_objects(_stream(b"BT /F1 12 Tf 56 780 Td (%s) Tj ET /X0 Do" % TEXT.encode()),
                            resources=b"/Font << /F1 4 0 R >> /XObject << /X0 6 0 R >>")
    objects.append(_stream(inner, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                                  b"/Resources << /Font << /F1 4 0 R >> /XObject << /X0 6 0 R >> >>"))
    return pdf_file(objects)


def zeros_deflate(size: int) -> bytes:
    """A zlib stream inflating to `size` zero bytes, built in milliseconds: one fully flushed deflate
    segment of 16 MB of zeros, repeated (a full flush makes segments independent), then the end block
    and the Adler-32 (of n zeros: a = 1, b = n mod 65521)."""
    seg_size = 16 * 2**20
    assert size % seg_size == 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = c.compress(bytes(seg_size)) + c.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    adler = ((size % 65521) << 16) | 1
    return b"\x78\xda" + segment * (size // seg_size) + end + struct.pack(">I", adler)


def flate_bomb_pdf(size: int = 4 * 2**30) -> bytes:
    """A page whose content stream inflates to gigabytes of NUL bytes (4 GB by default)."""
    return pdf_file(_page_objects(_stream(zeros_deflate(size), b"/Filter /FlateDecode")))


# -- DOCX ---------------------------------------------------------------------------------------------

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="word/document.xml"/></Relationships>')
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document_xml(body_text: bytes, prolog: bytes = b"") -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + prolog +
            b'<w:document ' + W + b'><w:body><w:p><w:r><w:t>' + body_text + b'</w:t></w:r></w:p></w:body></w:document>')


def docx_file(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue()


def valid_docx() -> bytes:
    return docx_file(_document_xml("Kính gửi: Sở Tài chính".encode()))


def docx_zip_bomb() -> bytes:
    """A DOCX with a 64 MB member of zeros packed ~1000:1 (the central directory tells the ratio)."""
    return docx_file(_document_xml(b"Trang"), {"word/media/image1.bin": bytes(64 * 2**20)})


def docx_external_entity() -> bytes:
    prolog = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    return docx_file(_document_xml(b"&xxe;", prolog))


def docx_billion_laughs() -> bytes:
    ents = [b'<!ENTITY lol0 "lol">'] + [b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1)) * 10)
                                       for i in range(1, 10)]
    prolog = b"<!DOCTYPE w:document [" + b"".join(ents) + b"]>\n"
    return docx_file(_document_xml(b"&lol9;", prolog))


def ole_doc() -> bytes:
    """The first sector of an OLE2 compound file (Word 97-2003 .doc)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    return header + bytes(512 - len(header)) + bytes(1024)


def zip_with_parent_paths(good: bytes) -> bytes:
    """An archive holding one good document and members that would escape the extraction folder."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("van-ban/cong-van.txt", good)
        zf.writestr("../../thoat-ra.txt", b"x")
        zf.writestr("/etc/cron.d/tuyet-doi.txt", b"x")
    return out.getvalue()


def text_with_nul() -> bytes:
    return "Kính gửi:\x00 Sở Tài chính\x00\nBáo cáo trước ngày 30/10/2024.\n".encode("utf-8")
