package dev.descent.cli.surface;

/**
 * What a surface shows besides its formula: its name, where the optimizers start, the plot window, the minimum,
 * the learning rates at which the lecture's point is visible, and how many steps to take.
 *
 * @param name        command-line name
 * @param description the formula and what it shows, in one line
 * @param start       (x, y) where every optimizer starts
 * @param window      {xMin, xMax, yMin, yMax}
 * @param minimum     the global minimum (x, y), or null (unbounded below, or computed by the surface)
 * @param sgdLr       learning rate for SGD-like methods
 * @param adaptiveLr  learning rate for adaptive methods
 * @param steps       default number of steps
 */
record Setup(String name, String description, double[] start, double[] window, double[] minimum, double sgdLr,
             double adaptiveLr, int steps) {
}
