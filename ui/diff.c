/* diff.c - longest common subsequence of lines, printed as unified hunks.
 *
 * Transcripts are short (hundreds to a few thousand lines), so a plain
 * dynamic-programming LCS is enough; past a size limit the diff falls back
 * to comparing line by line.
 */
#include "ui/diff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/xalloc.h"

typedef struct {
    const char **line;
    size_t *len;
    size_t n;
} Lines;

static Lines split(const char *text)
{
    Lines l = {0};
    size_t cap = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (l.n == cap) {
            cap = cap ? cap * 2 : 64;
            l.line = sim_xrealloc(l.line, cap * sizeof *l.line);
            l.len = sim_xrealloc(l.len, cap * sizeof *l.len);
        }
        l.line[l.n] = p;
        l.len[l.n++] = n;
        p += n + (nl ? 1 : 0);
    }
    return l;
}

static bool same(const Lines *a, size_t i, const Lines *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->line[i], b->line[j], a->len[i]) == 0;
}

/* One edit-script entry: ' ' kept, '-' only in a, '+' only in b. */
typedef struct {
    char op;
    size_t ai, bi;
} Edit;

static size_t script(const Lines *a, const Lines *b, Edit **out)
{
    size_t n = a->n, m = b->n;
    Edit *e = sim_xmalloc((n + m + 1) * sizeof *e);
    size_t k = 0;
    if ((uint64_t)(n + 1) * (uint64_t)(m + 1) > 40000000u) {
        /* Too big for the table: pair lines up in order. */
        size_t i = 0;
        for (; i < n && i < m; i++) {
            if (same(a, i, b, i)) {
                e[k++] = (Edit){' ', i, i};
            } else {
                e[k++] = (Edit){'-', i, i};
                e[k++] = (Edit){'+', i, i};
            }
        }
        for (size_t r = i; r < n; r++)
            e[k++] = (Edit){'-', r, m};
        for (size_t r = i; r < m; r++)
            e[k++] = (Edit){'+', n, r};
        *out = e;
        return k;
    }
    /* lcs[i][j]: LCS length of a[i..] and b[j..]. */
    uint32_t *lcs = sim_xcalloc((n + 1) * (m + 1), sizeof *lcs);
#define L(i, j) lcs[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            L(i, j) = same(a, i, b, j) ? L(i + 1, j + 1) + 1
                      : L(i + 1, j) >= L(i, j + 1) ? L(i + 1, j) : L(i, j + 1);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && same(a, i, b, j)) {
            e[k++] = (Edit){' ', i++, j++};
        } else if (i < n && (j == m || L(i + 1, j) >= L(i, j + 1))) {
            e[k++] = (Edit){'-', i++, j}; /* deletions first, as diff -u */
        } else {
            e[k++] = (Edit){'+', i, j++};
        }
    }
#undef L
    free(lcs);
    *out = e;
    return k;
}

int diff_unified(FILE *out, const char *label_a, const char *a, const char *label_b, const char *b)
{
    Lines la = split(a), lb = split(b);
    Edit *e;
    size_t k = script(&la, &lb, &e);
    int changed = 0;
    for (size_t i = 0; i < k; i++)
        changed += e[i].op != ' ';
    if (changed) {
        fprintf(out, "--- %s\n+++ %s\n", label_a, label_b);
        enum { CONTEXT = 3 };
        size_t i = 0;
        while (i < k) {
            while (i < k && e[i].op == ' ')
                i++;
            if (i >= k)
                break;
            /* A hunk: from CONTEXT before this change to CONTEXT after the
             * last change that is within 2*CONTEXT of the next. */
            size_t start = i >= CONTEXT ? i - CONTEXT : 0, end = i;
            for (size_t j = i; j < k; j++) {
                if (e[j].op != ' ')
                    end = j;
                else if (j - end > 2 * CONTEXT)
                    break;
            }
            size_t stop = end + CONTEXT + 1 < k ? end + CONTEXT + 1 : k;
            size_t na = 0, nb = 0;
            for (size_t j = start; j < stop; j++) {
                na += e[j].op != '+';
                nb += e[j].op != '-';
            }
            fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", e[start].ai + (na ? 1 : 0), na,
                    e[start].bi + (nb ? 1 : 0), nb);
            for (size_t j = start; j < stop; j++) {
                const Lines *src = e[j].op == '+' ? &lb : &la;
                size_t at = e[j].op == '+' ? e[j].bi : e[j].ai;
                fprintf(out, "%c%.*s\n", e[j].op, (int)src->len[at], src->line[at]);
            }
            i = stop;
        }
    }
    free(e);
    free(la.line);
    free(la.len);
    free(lb.line);
    free(lb.len);
    return changed;
}
