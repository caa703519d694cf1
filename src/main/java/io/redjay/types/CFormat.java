package io.redjay.types;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C's {@code printf} conversions of a double, {@code %g}, {@code %e} and {@code %f}, as glibc prints them. Java's own
 * {@code %g} differs: it never strips trailing zeros and switches to exponent notation at other points. Redis's
 * replies ({@code %.17g} scores and doubles), Lua's {@code tostring} ({@code %.14g}), {@code string.format} and
 * cjson all print through here.
 */
public final class CFormat {
    private CFormat() {
    }

    /**
     * C's {@code %.<precision>g} (upper case letters with {@code upper}, keeping trailing zeros with {@code alt},
     * the {@code #} flag). Infinity and NaN as glibc prints them: {@code inf}, {@code -inf}, {@code nan}, {@code -nan}.
     */
    public static String formatG(double d, int precision, boolean upper, boolean alt) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String s = Double.isNaN(d) ? "nan" : "inf";
            if (Double.isNaN(d) ? (Double.doubleToRawLongBits(d) < 0) : d < 0) {
                s = "-" + s;
            }
            return upper ? s.toUpperCase() : s;
        }
        int p = precision == 0 ? 1 : precision;
        if (d == 0) {
            String zero = alt ? "0." + "0".repeat(p - 1) : "0";
            return (1 / d < 0 ? "-" : "") + zero;
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(p, RoundingMode.HALF_EVEN));
        int exp = rounded.precision() - rounded.scale() - 1; // decimal exponent of the rounded value
        String out;
        if (exp < -4 || exp >= p) {
            out = formatE(d, p - 1, upper, alt);
            if (!alt) {
                int e = out.indexOf(upper ? 'E' : 'e');
                out = stripZeros(out.substring(0, e)) + out.substring(e);
            }
        } else {
            out = rounded.setScale(Math.max(0, p - 1 - exp), RoundingMode.HALF_EVEN).toPlainString();
            if (alt) {
                if (out.indexOf('.') < 0) {
                    out = out + ".";
                }
            } else {
                out = stripZeros(out);
            }
        }
        return out;
    }

    /** C's {@code %.<decimals>e}: one digit, the decimals, and an exponent of at least two digits. */
    public static String formatE(double d, int decimals, boolean upper, boolean alt) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return formatG(d, 1, upper, false);
        }
        String mantissa;
        int exp;
        if (d == 0) {
            mantissa = decimals == 0 ? "0" : "0." + "0".repeat(decimals);
            exp = 0;
            if (1 / d < 0) {
                mantissa = "-" + mantissa;
            }
        } else {
            BigDecimal r = new BigDecimal(d).round(new MathContext(decimals + 1, RoundingMode.HALF_EVEN));
            exp = r.precision() - r.scale() - 1;
            BigDecimal m = r.movePointLeft(exp).setScale(decimals, RoundingMode.HALF_EVEN);
            mantissa = m.toPlainString();
        }
        if (alt && decimals == 0) {
            mantissa = mantissa + ".";
        }
        String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        return mantissa + (upper ? "E" : "e") + e;
    }

    /** C's {@code %.<decimals>f}. */
    public static String formatF(double d, int decimals) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return formatG(d, 1, false, false);
        }
        String s = new BigDecimal(d).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (d < 0 || (d == 0 && 1 / d < 0)) {
            if (!s.startsWith("-")) {
                s = "-" + s;
            }
        }
        return s;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

}
