/* The estimate, in the label's units. */
static double tinymlkit_predict(const double* x) { return @SHIFT@ + tinymlkit_tree((int)tinymlkit_roots[0], x); }
