/* The PDF reader's inner loop in C: a page's characters from pdfium, joined into segments.
 *
 * Why C: reading a page in Python costs two or three ctypes calls per character (its box, its font
 * size) and a Python loop over every character; that was five times the cost of pdfium's own text
 * extraction. Here the same calls are plain C calls through the function pointers pypdfium2 has
 * already loaded, and the loop is C.
 *
 * It is the same reading as `pdf._pdfium_chars` followed by `pdf._segments` (pages in Unicode fonts,
 * with no widget words: the reader keeps the Python path for the others), decision for decision,
 * in double precision like Python's floats, so the two give the same segments; tests/test_pdf_scan.py
 * compares them.
 *
 *   scan_page(functions, textpage, page_height, combining) -> (segments, chars) | None
 *
 * functions: addresses of FPDFText_CountChars, _GetUnicode, _IsGenerated, _GetCharBox, _GetFontSize
 * textpage:  the FPDF_TEXTPAGE handle, as an integer
 * combining: a bitmap (bytes) of the BMP's combining marks, bit cp set when unicodedata.combining
 * segments:  list of (x0, x1, top, bottom, size, text, first, end): a segment's characters are
 *            chars[first:end]
 * chars:     bytes, one CHAR_FORMAT record ("=5dIBB2x") per character kept, for the rare line whose
 *            characters the layout needs (a header line to re-split)
 * None:      a character outside the BMP (pdfium gives it as two surrogates; its combining class is
 *            not in the bitmap): the caller reads the page the Python way.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

typedef int (*count_chars_f)(void *);
typedef unsigned int (*get_unicode_f)(void *, int);
typedef int (*is_generated_f)(void *, int);
typedef int (*get_char_box_f)(void *, int, double *, double *, double *, double *);
typedef double (*get_font_size_f)(void *, int);

/* The constants of pdf.py (COLUMN_GAP, FILLED_GAP, WORD_GAP), passed in so that they live in one place. */
typedef struct {
    double column_gap, filled_gap, word_gap;
} Gaps;

#pragma pack(push, 1)
typedef struct {
    double x0, x1, top, bottom, size;
    uint32_t cp;
    uint8_t space_before, filled_gap;
    uint8_t pad[2];
} Char;
#pragma pack(pop)

static int is_combining(const unsigned char *bitmap, uint32_t cp) {
    return (bitmap[cp >> 3] >> (cp & 7)) & 1;
}

static PyObject *close_segment(Py_ssize_t first, Py_ssize_t end, double x0, double x1, double top,
                               double bottom, double size, const uint32_t *text, Py_ssize_t len) {
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, text, len);
    if (!s) return NULL;
    return Py_BuildValue("(dddddNnn)", x0, x1, top, bottom, size, s, first, end);
}

static PyObject *scan_page(PyObject *self, PyObject *args) {
    PyObject *funcs;
    unsigned long long tp_addr;
    double page_height;
    Py_buffer combining;
    Gaps g;
    if (!PyArg_ParseTuple(args, "OKdy*(ddd)", &funcs, &tp_addr, &page_height, &combining,
                          &g.column_gap, &g.filled_gap, &g.word_gap))
        return NULL;
    if (combining.len < 0x10000 / 8) {
        PyBuffer_Release(&combining);
        PyErr_SetString(PyExc_ValueError, "combining bitmap must cover the BMP");
        return NULL;
    }
    void *fp[5];
    if (!PyTuple_Check(funcs) || PyTuple_GET_SIZE(funcs) != 5) {
        PyBuffer_Release(&combining);
        PyErr_SetString(PyExc_TypeError, "functions: a tuple of 5 addresses");
        return NULL;
    }
    for (int k = 0; k < 5; k++) {
        fp[k] = PyLong_AsVoidPtr(PyTuple_GET_ITEM(funcs, k));
        if (!fp[k]) {
            PyBuffer_Release(&combining);
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "null function address");
            return NULL;
        }
    }
    count_chars_f count_chars = (count_chars_f)fp[0];
    get_unicode_f get_unicode = (get_unicode_f)fp[1];
    is_generated_f is_generated = (is_generated_f)fp[2];
    get_char_box_f get_char_box = (get_char_box_f)fp[3];
    get_font_size_f get_font_size = (get_font_size_f)fp[4];
    void *tp = (void *)(uintptr_t)tp_addr;
    const unsigned char *bitmap = (const unsigned char *)combining.buf;

    int n = count_chars(tp);
    PyObject *segs = PyList_New(0);
    if (!segs) { PyBuffer_Release(&combining); return NULL; }
    if (n <= 0) {
        PyBuffer_Release(&combining);
        return Py_BuildValue("(Ny#)", segs, "", (Py_ssize_t)0);
    }
    Char *chars = PyMem_Malloc(sizeof(Char) * (size_t)n);
    uint32_t *text = PyMem_Malloc(sizeof(uint32_t) * (size_t)n * 2);  /* a char and a space at most */
    if (!chars || !text) {
        PyMem_Free(chars); PyMem_Free(text); Py_DECREF(segs); PyBuffer_Release(&combining);
        return PyErr_NoMemory();
    }
    PyObject *result = NULL;

    /* 1. The characters, as pdf._pdfium_chars reads them (Unicode fonts). */
    Py_ssize_t m = 0;
    int pending_space = 0, filled = 0;
    double left, right, bottom, top;
    for (int i = 0; i < n; i++) {
        uint32_t ch = get_unicode(tp, i);
        if (ch == '\r' || ch == '\n') { pending_space = 0; filled = 0; continue; }
        if (ch == ' ' || ch == 0xa0 || ch == '\t') {
            pending_space = 1;
            if (!is_generated(tp, i)) filled = 1;
            continue;
        }
        /* pdfium gives a character beyond the BMP as two UTF-16 surrogates: Python pairs them */
        if (ch > 0xffff || (ch >= 0xd800 && ch <= 0xdfff)) { result = Py_None; Py_INCREF(result); goto done; }
        if (ch == 0xfffe || ch == 0x02) ch = '-';
        if (!get_char_box(tp, i, &left, &right, &bottom, &top)) continue;
        double size = get_font_size(tp, i);
        double x0 = left, x1 = right, b = bottom, t = top;
        if (x1 <= x0 || t <= b) {  /* zero-size box (some generated glyphs): borrow a neighbour's */
            if (m == 0) continue;
            const Char *p = &chars[m - 1];
            x0 = p->x1; x1 = p->x1 + size * 0.3; t = page_height - p->top; b = page_height - p->bottom;
        }
        Char *c = &chars[m++];
        c->x0 = x0; c->x1 = x1; c->top = page_height - t; c->bottom = page_height - b; c->size = size;
        c->cp = ch; c->space_before = (uint8_t)pending_space; c->filled_gap = (uint8_t)filled;
        c->pad[0] = c->pad[1] = 0;
        pending_space = 0;
        filled = 0;
    }

    /* 2. Segments, as pdf._segments joins them (every item one character). */
    {
        int open = 0;
        Py_ssize_t first = 0, len = 0;
        double x0 = 0, x1 = 0, stop = 0, sbottom = 0, size = 0;
        for (Py_ssize_t k = 0; k < m; k++) {
            const Char *c = &chars[k];
            if (open) {
                double h = (sbottom - stop) < (c->bottom - c->top) ? (sbottom - stop) : (c->bottom - c->top);
                if (h == 0) h = c->size;
                if (h == 0) h = 1.0;
                double lo = sbottom < c->bottom ? sbottom : c->bottom;
                double hi = stop > c->top ? stop : c->top;
                double overlap = lo - hi;
                double gap = c->x0 - x1;
                double csz = c->size != 0 ? c->size : h;
                int same_line = overlap >= 0.4 * h && gap > -0.5 * csz;
                if (is_combining(bitmap, c->cp)) {
                    text[len++] = c->cp;  /* a combining mark (NFD text layers) belongs to the letter before it */
                    continue;
                }
                double limit = c->filled_gap ? g.filled_gap : g.column_gap;
                if (same_line && gap <= limit * csz) {
                    if (c->space_before || gap > g.word_gap * csz) text[len++] = ' ';
                    text[len++] = c->cp;
                    if (c->x1 > x1) x1 = c->x1;
                    if (c->top < stop) stop = c->top;
                    if (c->bottom > sbottom) sbottom = c->bottom;
                    if (c->size > size) size = c->size;
                    continue;
                }
                PyObject *seg = close_segment(first, k, x0, x1, stop, sbottom, size, text, len);
                if (!seg || PyList_Append(segs, seg) < 0) { Py_XDECREF(seg); goto done; }
                Py_DECREF(seg);
            }
            open = 1;
            first = k;
            len = 0;
            text[len++] = c->cp;
            x0 = c->x0; x1 = c->x1; stop = c->top; sbottom = c->bottom; size = c->size;
        }
        if (open) {
            PyObject *seg = close_segment(first, m, x0, x1, stop, sbottom, size, text, len);
            if (!seg || PyList_Append(segs, seg) < 0) { Py_XDECREF(seg); goto done; }
            Py_DECREF(seg);
        }
    }
    result = Py_BuildValue("(Oy#)", segs, (const char *)chars, (Py_ssize_t)(sizeof(Char) * (size_t)m));

done:
    PyMem_Free(chars);
    PyMem_Free(text);
    Py_DECREF(segs);
    PyBuffer_Release(&combining);
    return result;
}

/* scan_objects(functions, page, kinds) -> (images, fonts, xs, ys)
 *
 * One pass over a page's top-level objects, as pdf._scan_objects makes it:
 * functions:   addresses of FPDFPage_CountObjects, FPDFPage_GetObject, FPDFPageObj_GetType,
 *              FPDFTextObj_GetFont, FPDFFont_GetBaseFontName, FPDFPageObj_GetBounds
 * kinds:       pdfium's object types (text, path, image)
 * images:      the number of image objects
 * fonts:       the set of base font names of the text objects
 * xs, ys:      sets of round(x / 3) of vertical rules and round(y / 3) of horizontal ones
 */
typedef int (*count_objects_f)(void *);
typedef void *(*get_object_f)(void *, int);
typedef int (*get_type_f)(void *);
typedef void *(*get_font_f)(void *);
typedef unsigned long (*font_name_f)(void *, char *, unsigned long);
typedef int (*get_bounds_f)(void *, float *, float *, float *, float *);

static PyObject *scan_objects(PyObject *self, PyObject *args) {
    PyObject *funcs;
    unsigned long long page_addr;
    int k_text, k_path, k_image;
    if (!PyArg_ParseTuple(args, "OK(iii)", &funcs, &page_addr, &k_text, &k_path, &k_image))
        return NULL;
    void *fp[6];
    if (!PyTuple_Check(funcs) || PyTuple_GET_SIZE(funcs) != 6) {
        PyErr_SetString(PyExc_TypeError, "functions: a tuple of 6 addresses");
        return NULL;
    }
    for (int k = 0; k < 6; k++) {
        fp[k] = PyLong_AsVoidPtr(PyTuple_GET_ITEM(funcs, k));
        if (!fp[k]) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "null function address");
            return NULL;
        }
    }
    count_objects_f count_objects = (count_objects_f)fp[0];
    get_object_f get_object = (get_object_f)fp[1];
    get_type_f get_type = (get_type_f)fp[2];
    get_font_f get_font = (get_font_f)fp[3];
    font_name_f font_name = (font_name_f)fp[4];
    get_bounds_f get_bounds = (get_bounds_f)fp[5];
    void *page = (void *)(uintptr_t)page_addr;

    PyObject *fonts = PySet_New(NULL), *xs = PySet_New(NULL), *ys = PySet_New(NULL);
    PyObject *result = NULL;
    if (!fonts || !xs || !ys) goto done;
    long images = 0;
    char small[256];
    int n = count_objects(page);
    for (int i = 0; i < n; i++) {
        void *obj = get_object(page, i);
        int kind = get_type(obj);
        if (kind == k_text) {
            void *font = get_font(obj);
            if (!font) continue;
            unsigned long len = font_name(font, small, sizeof small);
            char *name = small;
            if (len > sizeof small) {  /* a longer name: ask again with room for it */
                name = PyMem_Malloc(len);
                if (!name) { PyErr_NoMemory(); goto done; }
                font_name(font, name, len);
            }
            PyObject *key = PyUnicode_DecodeLatin1(name, len ? (Py_ssize_t)len - 1 : 0, "replace");
            if (name != small) PyMem_Free(name);
            if (!key) goto done;
            int added = PySet_Add(fonts, key);
            Py_DECREF(key);
            if (added < 0) goto done;
        } else if (kind == k_image) {
            images++;
        } else if (kind == k_path) {
            float l, b, r, t;
            if (!get_bounds(obj, &l, &b, &r, &t)) continue;
            double w = (double)r - (double)l, h = (double)t - (double)b;
            PyObject *set = NULL;
            double at = 0;
            if (h < 3 && w > 15) { set = ys; at = (double)b / 3; }       /* a horizontal rule */
            else if (w < 3 && h > 8) { set = xs; at = (double)l / 3; }   /* a vertical rule */
            if (set) {
                /* Python's round(): halves to even, as nearbyint in the default rounding mode */
                PyObject *v = PyLong_FromDouble(nearbyint(at));
                if (!v || PySet_Add(set, v) < 0) { Py_XDECREF(v); goto done; }
                Py_DECREF(v);
            }
        }
    }
    result = Py_BuildValue("(lOOO)", images, fonts, xs, ys);
done:
    Py_XDECREF(fonts);
    Py_XDECREF(xs);
    Py_XDECREF(ys);
    return result;
}

static PyMethodDef methods[] = {
    {"scan_page", scan_page, METH_VARARGS,
     "scan_page(functions, textpage, page_height, combining, gaps) -> (segments, chars) | None"},
    {"scan_objects", scan_objects, METH_VARARGS,
     "scan_objects(functions, page, kinds) -> (images, fonts, xs, ys)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "extractor.readers._pagescan",
    "A page's characters from pdfium joined into segments, in C (see pdf.py).", -1, methods,
};

PyMODINIT_FUNC PyInit__pagescan(void) { return PyModule_Create(&module); }
