/* Predicts every line of standard input with the model a --export-c header holds, one line out a
 * line in as the program's -p writes them (numbers as %.17g, which reads back exactly), for the
 * CLI case that compares the two. The header is included from MODEL_HEADER. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include MODEL_HEADER

int main(void) {
  static char line[1 << 16];
  double x[TINYMLKIT_FEATURES + 1];
  while (fgets(line, sizeof line, stdin) != NULL) {
    char* cursor = strchr(line, '|');
    memset(x, 0, sizeof x);
    if (cursor == NULL) continue;
    for (++cursor;;) {
      char* end;
      const unsigned long index = strtoul(cursor, &end, 10);
      if (end == cursor) break;
      cursor = end;
      double value = 1.0;
      if (*cursor == ':') {
        value = strtod(cursor + 1, &end);
        cursor = end;
      }
      if (index < TINYMLKIT_FEATURES) x[index] = value;
    }
#ifdef TINYMLKIT_CLASSES
    {
      double probabilities[TINYMLKIT_CLASSES + 1];
      const int c = tinymlkit_predict(x, probabilities);
      int k;
      printf("%s", tinymlkit_classes[c]);
      for (k = 0; TINYMLKIT_CLASSES >= 2 && k < TINYMLKIT_CLASSES; ++k) printf(" %.17g", probabilities[k]);
      printf("\n");
    }
#else
    printf("%.17g\n", tinymlkit_predict(x));
#endif
  }
  return 0;
}
