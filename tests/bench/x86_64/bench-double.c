/* doubles: mandelbrot and a small n-body integration */
#include <stdio.h>
#include <math.h>
int main(void)
{
    int inside = 0;
    for (int y = 0; y < 300; y++) {
        for (int x = 0; x < 300; x++) {
            double cr = -2.0 + x * 3.0 / 300, ci = -1.5 + y * 3.0 / 300;
            double zr = 0, zi = 0;
            int k;
            for (k = 0; k < 200 && zr * zr + zi * zi < 4.0; k++) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
            }
            inside += k == 200;
        }
    }
    double px[5] = { 0, 1, 2, 3, 4 }, py[5] = { 0, 0.5, -1, 2, 1 };
    double vx[5] = { 0 }, vy[5] = { 0.1, 0, -0.2, 0, 0.05 };
    for (int step = 0; step < 400000; step++) {
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                if (i != j) {
                    double dx = px[j] - px[i], dy = py[j] - py[i];
                    double d2 = dx * dx + dy * dy + 0.01, inv = 1.0 / (d2 * sqrt(d2));
                    vx[i] += dx * inv * 1e-4;
                    vy[i] += dy * inv * 1e-4;
                }
            }
        }
        for (int i = 0; i < 5; i++) {
            px[i] += vx[i] * 1e-2;
            py[i] += vy[i] * 1e-2;
        }
    }
    printf("%d %.9f %.9f\n", inside, px[0], py[4]);
    return 0;
}
