package dev.descent.cli.chart;

import java.awt.Color;

/** Colours: a qualitative palette for series (Tableau 10) and a sequential one for contour levels. */
public final class Palette {

    private static final Color[] SERIES = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf),
    };

    // Viridis at five stops; levels interpolate between them.
    private static final Color[] SEQUENTIAL = {
            new Color(0x440154), new Color(0x3b528b), new Color(0x21918c), new Color(0x5ec962), new Color(0xfde725),
    };

    private Palette() {
    }

    /** The colour of the i-th series (wraps around after ten). */
    public static Color series(int i) {
        return SERIES[Math.floorMod(i, SERIES.length)];
    }

    /** A colour for t in [0, 1], dark (low) to bright (high), with the given alpha (0–255). */
    public static Color sequential(double t, int alpha) {
        double u = Math.max(0, Math.min(1, t)) * (SEQUENTIAL.length - 1);
        int k = Math.min((int) u, SEQUENTIAL.length - 2);
        double f = u - k;
        Color a = SEQUENTIAL[k], b = SEQUENTIAL[k + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
                mix(a.getBlue(), b.getBlue(), f), alpha);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
