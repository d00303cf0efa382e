/* textlayout.c — see textlayout.h. */
#include "pdf/textlayout.h"

#include <string.h>

#include "util/text.h"

enum { LINE_FACTOR_PERMILLE = 1150 }; /* single spacing of Times-metric fonts: 1.15 em */

typedef struct piece_list {
    bc_piece *v;
    size_t n, cap;
} piece_list;

static bc_piece *push(bc_arena *a, piece_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        bc_piece *v = BC_NEW_N(a, bc_piece, cap);
        if (!v)
            return NULL;
        if (l->n)
            memcpy(v, l->v, l->n * sizeof *v);
        l->v = v;
        l->cap = cap;
    }
    bc_piece *p = &l->v[l->n++];
    memset(p, 0, sizeof *p);
    return p;
}

/* Appends text in `want` face: spaces become SPACE pieces (runs of spaces collapse, as the
 * official wording's double spaces are typing accidents), other characters group into TEXT
 * pieces by the face that has their glyph. */
static bc_status add_text(bc_arena *a, bc_fontset *fs, piece_list *l, const char *s,
                          bc_face want, double size, double rise, int note, bc_err *err)
{
    bc_status st = bc_fontset_need(fs, want, err);
    if (st != BC_OK)
        return st;
    const char *p = s;
    while (*p) {
        const char *start = p;
        uint32_t cp = bc_utf8_next(&p);
        if (cp == ' ' || cp == '\n' || cp == '\t') {
            if (l->n == 0 || l->v[l->n - 1].kind != BC_PIECE_SPACE) {
                bc_piece *sp = push(a, l);
                if (!sp)
                    return bc_err_oom(err, NULL);
                sp->kind = BC_PIECE_SPACE;
                sp->face = want;
                sp->size = size;
                sp->w = bc_fontset_width(fs, want, " ", 1, size);
            }
            continue;
        }
        int face = bc_fontset_pick(fs, want, cp);
        if (face < 0)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "ký tự U+%04X không có trong phông chữ nào, trong \"%s\"", cp,
                              s);
        bc_piece *last = l->n ? &l->v[l->n - 1] : NULL;
        if (last && last->kind == BC_PIECE_TEXT && last->face == (bc_face)face &&
            last->size == size && last->rise == rise && last->note == note &&
            last->s + last->len == start) {
            last->len += (size_t)(p - start);
        } else {
            bc_piece *t = push(a, l);
            if (!t)
                return bc_err_oom(err, NULL);
            t->kind = BC_PIECE_TEXT;
            t->face = (bc_face)face;
            t->s = start;
            t->len = (size_t)(p - start);
            t->size = size;
            t->rise = rise;
            t->note = note;
        }
    }
    return BC_OK;
}

/* Text with, at byte `gap` (or nowhere when < 0), the space between two fields widened to an
 * em: wide enough to read as a gap, where a word space would run them together. */
static bc_status add_text_gap(bc_arena *a, bc_fontset *fs, piece_list *l, const char *s,
                              long gap, bc_face face, double size, bc_err *err)
{
    if (gap < 0)
        return add_text(a, fs, l, s, face, size, 0, 0, err);
    const char *head = bc_arena_strndup(a, s, (size_t)gap);
    if (!head)
        return bc_err_oom(err, NULL);
    bc_status st = add_text(a, fs, l, head, face, size, 0, 0, err);
    size_t at = l->n;
    if (st == BC_OK)
        st = add_text(a, fs, l, s + gap, face, size, 0, 0, err);
    if (st == BC_OK && at > 0 && l->v[at - 1].kind == BC_PIECE_SPACE)
        at--; /* the head ended in a space, and the gap's joined it */
    if (st == BC_OK && at < l->n && l->v[at].kind == BC_PIECE_SPACE)
        l->v[at].w = size;
    return st;
}

/* A line break (BC_PIECE_BREAK, never kept in a line) or a tab. */
enum { BC_PIECE_BREAK = BC_PIECE_TAB + 1 };

static bc_status push_mark(bc_arena *a, piece_list *l, int kind, double size, bc_err *err)
{
    bc_piece *m = push(a, l);
    if (!m)
        return bc_err_oom(err, NULL);
    m->kind = (bc_piece_kind)kind;
    m->size = size;
    return BC_OK;
}

/* A boxed value stays one piece in one box: its pieces from `first` on are boxed. */
static void mark_boxed(piece_list *l, size_t first)
{
    for (size_t i = first; i < l->n; i++)
        l->v[i].boxed = l->v[i].kind == BC_PIECE_TEXT;
}

static bc_status build_pieces(bc_arena *a, bc_fontset *fs, const bc_para *p,
                              const bc_style *st, piece_list *l, bc_textbox *tb, bc_err *err)
{
    double size = st->size_pt;
    const bc_run *prev = NULL;
    for (const bc_run *r = p->runs; r; prev = r, r = r->next) {
        bc_face face = bc_face_of(st->bold || r->bold, st->italic || r->italic);
        bc_status s = BC_OK;
        size_t n0 = l->n;
        switch (r->kind) {
        case BC_RUN_TEXT:
        case BC_RUN_VALUE:
            if (bc_run_is_short_value(r) && n0 > 0 && l->v[n0 - 1].kind == BC_PIECE_SPACE)
                l->v[n0 - 1].glue = 1;
            s = add_text_gap(a, fs, l, r->text ? r->text : "", bc_run_field_gap(prev, r), face,
                             size, err);
            break;
        case BC_RUN_CHECKBOX:
            s = add_text(a, fs, l, r->checked ? "☒" : "☐", face, size, 0, 0, err);
            break;
        case BC_RUN_NOTEREF:
            s = add_text(a, fs, l, r->text ? r->text : "?", face, size * 0.62, size * 0.38,
                         r->note, err);
            if (s == BC_OK && tb->nnotes < (int)(sizeof tb->notes / sizeof *tb->notes))
                tb->notes[tb->nnotes++] = r->note;
            break;
        case BC_RUN_BLANK: {
            bc_piece *b = push(a, l);
            if (!b)
                return bc_err_oom(err, NULL);
            b->kind = BC_PIECE_BLANK;
            b->face = BC_FACE_REGULAR;
            b->size = size;
            b->w = (r->blank_mm > 0 ? r->blank_mm : 30) * 72.0 / 25.4;
            b->boxed = r->boxed;
            break;
        }
        case BC_RUN_BREAK:
        case BC_RUN_TAB:
            s = push_mark(a, l, r->kind == BC_RUN_TAB ? BC_PIECE_TAB : BC_PIECE_BREAK, size, err);
            break;
        }
        if (r->kind == BC_RUN_VALUE && r->boxed)
            mark_boxed(l, n0);
        if (s != BC_OK)
            return s;
    }
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].kind == BC_PIECE_TEXT)
            l->v[i].w = bc_fontset_width(fs, l->v[i].face, l->v[i].s, l->v[i].len, l->v[i].size) +
                        (l->v[i].boxed ? 2 * BC_BOX_PAD : 0);
    return BC_OK;
}

typedef struct line_builder {
    bc_arena *a;
    bc_textbox *tb;
    piece_list cur;
    double width;
    size_t cap_lines;
} line_builder;

static int end_line(line_builder *lb, int last)
{
    piece_list *c = &lb->cur;
    while (c->n && c->v[c->n - 1].kind == BC_PIECE_SPACE)
        c->n--;
    bc_textbox *tb = lb->tb;
    if (tb->nlines == lb->cap_lines) {
        size_t cap = lb->cap_lines ? lb->cap_lines * 2 : 8;
        bc_line *v = BC_NEW_N(lb->a, bc_line, cap);
        if (!v)
            return 0;
        if (tb->nlines)
            memcpy(v, tb->lines, tb->nlines * sizeof *v);
        tb->lines = v;
        lb->cap_lines = cap;
    }
    bc_line *ln = &tb->lines[tb->nlines++];
    ln->pieces = c->v;
    ln->n = c->n;
    ln->last = last;
    ln->width = 0;
    ln->nspaces = 0;
    int tabs = 0;
    for (size_t i = 0; i < c->n; i++) {
        ln->width += c->v[i].w;
        ln->nspaces += c->v[i].kind == BC_PIECE_SPACE;
        tabs |= c->v[i].kind == BC_PIECE_TAB;
    }
    if (tabs)
        ln->nspaces = 0; /* stretching spaces would move the columns the tabs set */
    memset(c, 0, sizeof *c); /* the line keeps the array; start a new one */
    lb->width = 0;
    return 1;
}

/* Where a URL, an e-mail address or a code may break: after one of these, no hyphen added. */
static int break_after(char c)
{
    return c == '/' || c == '.' || c == '-' || c == '_' || c == '@';
}

/* Cuts TEXT piece `p` so that its head fits in `room` points (at least one character): after
 * the last break character that fits, else after the last character that fits. */
static bc_piece cut_piece(bc_fontset *fs, bc_piece *p, double room)
{
    bc_piece head = *p;
    const char *s = p->s, *end = p->s + p->len, *q = s, *fit = NULL, *brk = NULL;
    while (q < end) {
        bc_utf8_next(&q);
        if (bc_fontset_width(fs, p->face, s, (size_t)(q - s), p->size) > room && fit)
            break;
        fit = q;
        if (q < end && break_after(q[-1]))
            brk = q;
    }
    if (brk)
        fit = brk;
    head.len = (size_t)(fit - s);
    head.w = bc_fontset_width(fs, p->face, s, head.len, p->size);
    p->s = fit;
    p->len = (size_t)(end - fit);
    p->w = bc_fontset_width(fs, p->face, p->s, p->len, p->size);
    return head;
}

static int add_word(line_builder *lb, bc_fontset *fs, bc_piece *w, size_t n, double wordw,
                    double avail)
{
    /* A blank alone that does not fit the rest of the line is shortened to it, if that leaves
     * enough to write in; pushed alone onto the next line it would leave a gap here. */
    double room = avail - lb->width;
    if (n == 1 && w->kind == BC_PIECE_BLANK && lb->width > 0 && wordw > room &&
        room >= BC_BLANK_MIN_MM * 72.0 / 25.4) {
        w->w = room;
        wordw = room;
    }
    if (lb->width > 0 && lb->width + wordw > avail) {
        if (!end_line(lb, 0))
            return 0;
    }
    for (size_t i = 0; i < n; i++) {
        bc_piece piece = w[i];
        /* A word wider than a whole line: fill the line and carry the rest on. */
        while (piece.kind == BC_PIECE_TEXT && lb->width + piece.w > avail && piece.len > 0) {
            double room = avail - lb->width;
            if (room < piece.size && lb->width > 0) {
                if (!end_line(lb, 0))
                    return 0;
                continue;
            }
            bc_piece head = cut_piece(fs, &piece, room);
            bc_piece *d = push(lb->a, &lb->cur);
            if (!d)
                return 0;
            *d = head;
            lb->width += head.w;
            if (!end_line(lb, 0))
                return 0;
        }
        if (piece.kind == BC_PIECE_TEXT && piece.len == 0)
            continue;
        bc_piece *d = push(lb->a, &lb->cur);
        if (!d)
            return 0;
        *d = piece;
        lb->width += piece.w;
    }
    return 1;
}

/* An explicit break ends the line (never justified, like a paragraph's last); a tab moves on
 * to the first stop right of the line's end, or acts as a space when no stop is left on it. */
static int break_or_tab(line_builder *lb, const bc_para *p, const bc_piece *m, double width)
{
    if ((int)m->kind == BC_PIECE_BREAK)
        return end_line(lb, 1);
    bc_piece tab = *m;
    tab.w = m->size / 4;
    for (int k = 0; k < p->ntabs && k < BC_MAX_TABS; k++) {
        double stop = p->tabs_mm[k] * 72.0 / 25.4;
        if (stop > lb->width + 0.01) {
            tab.w = stop - lb->width;
            break;
        }
    }
    if (lb->width + tab.w > width)
        return end_line(lb, 0);
    bc_piece *d = push(lb->a, &lb->cur);
    if (!d)
        return 0;
    *d = tab;
    lb->width += tab.w;
    return 1;
}

bc_status bc_text_layout(bc_arena *a, bc_fontset *fs, const bc_para *p, const bc_style *st,
                         double width, bc_textbox *out, bc_err *err)
{
    memset(out, 0, sizeof *out);
    out->size = st->size_pt;
    out->leading = st->size_pt * LINE_FACTOR_PERMILLE / 1000.0 *
                   (st->line_spacing > 0 ? st->line_spacing : 1.0);
    out->ascent = st->size_pt * 0.891 + (out->leading - st->size_pt * 1.15) / 2;
    out->align = p->has_align ? p->align : st->align;
    piece_list all = {0};
    bc_status s = build_pieces(a, fs, p, st, &all, out, err);
    if (s != BC_OK)
        return s;
    line_builder lb = {a, out, {0}, 0, 0};
    size_t i = 0;
    while (i < all.n) {
        if ((int)all.v[i].kind == BC_PIECE_BREAK || all.v[i].kind == BC_PIECE_TAB) {
            if (!break_or_tab(&lb, p, &all.v[i], width))
                return bc_err_oom(err, NULL);
            i++;
            continue;
        }
        if (all.v[i].kind == BC_PIECE_SPACE) {
            if (lb.width > 0) {
                bc_piece *d = push(a, &lb.cur);
                if (!d)
                    return bc_err_oom(err, NULL);
                *d = all.v[i];
                lb.width += all.v[i].w;
            }
            i++;
            continue;
        }
        size_t j = i;
        double ww = 0;
        while (j < all.n && (all.v[j].kind == BC_PIECE_TEXT || all.v[j].kind == BC_PIECE_BLANK ||
                             (all.v[j].kind == BC_PIECE_SPACE && all.v[j].glue)))
            ww += all.v[j++].w;
        if (ww > width) { /* label and value together wider than the line: glue gives way */
            for (j = i, ww = 0; j < all.n && (all.v[j].kind == BC_PIECE_TEXT ||
                                              all.v[j].kind == BC_PIECE_BLANK); j++)
                ww += all.v[j].w;
        }
        if (!add_word(&lb, fs, &all.v[i], j - i, ww, width))
            return bc_err_oom(err, NULL);
        i = j;
    }
    if ((lb.cur.n > 0 || out->nlines == 0) && !end_line(&lb, 1))
        return bc_err_oom(err, NULL);
    out->lines[out->nlines - 1].last = 1;
    return BC_OK;
}

double bc_textbox_height(const bc_textbox *tb)
{
    return (double)tb->nlines * tb->leading;
}
