"""graypng.py — 8-bit grey images for the visual regression test, with zlib alone (Debian's
Python has no imaging library): reads the PGM files `pdftoppm -gray` writes, and reads and writes
the grey PNG files kept as references in tests/visual/; the PNG reading, unfiltering and writing
are general, for the signature images' checks too (sigimages.py)."""
import struct
import zlib


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def write_png(path, width, height, colour, raw_rows):
    """An 8-bit PNG of colour type `colour` (0 grey, 6 RGBA) from rows of samples (bytes each),
    every row unfiltered (filter type 0)."""
    raw = b"".join(b"\0" + r for r in raw_rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0))
                + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def unfilter(raw, stride, height, bpp):
    """Rows of `stride` bytes, each behind its PNG filter type byte (PNG 9.2; PDF /Predictor 15),
    as one bytes object."""
    out, prev = bytearray(), bytearray(stride)
    for y in range(height):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ftype > 4 or len(line) != stride:
            raise ValueError("row %d: filter type %d, %d bytes" % (y, ftype, len(line)))
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            p = (0, a, b, (a + b) // 2, paeth(a, b, c))[ftype]
            line[x] = (line[x] + p) & 255
        out += line
        prev = line
    return bytes(out)


def read_png(path, colour, channels):
    """(width, height, samples) of an 8-bit, non-interlaced PNG of colour type `colour` with
    `channels` samples a pixel, unfiltered."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG file" % path)
    pos, idat, width = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if (depth, ctype, interlace) != (8, colour, 0):
                raise ValueError("%s: not an 8-bit, non-interlaced PNG of colour type %d" % (path, colour))
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if width is None:
        raise ValueError("%s: no IHDR" % path)
    stride = width * channels
    return width, height, unfilter(zlib.decompress(b"".join(idat)), stride, height, channels)


def read(path):
    """Returns (width, height, rows) of a grey PNG, where rows is a list of bytes objects, one per
    pixel row."""
    width, height, px = read_png(path, 0, 1)
    return width, height, [px[y * width:(y + 1) * width] for y in range(height)]


def read_pgm(path):
    """The same for a binary PGM (P5, maxval 255) as pdftoppm -gray writes it."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P5" or fields[3] != b"255":
        raise ValueError("%s: not an 8-bit binary PGM" % path)
    width, height = int(fields[1]), int(fields[2])
    return width, height, [data[pos + y * width:pos + (y + 1) * width] for y in range(height)]


def write(path, width, height, rows):
    write_png(path, width, height, 0, rows)
