// Draws demo/src/main/resources/pictures/fluxion.png (the bundled word model's data): java tools/WordPicture.java OUT.png
// "FLUX" over "ION" in a bold sans-serif, a hue sweep from left to right, on black.
import java.awt.*; import java.awt.font.*; import java.awt.geom.*; import java.awt.image.*; import javax.imageio.*; import java.io.*;
public class WordPicture { public static void main(String[] a) throws Exception {
 int s = 128; BufferedImage im = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
 Graphics2D g = im.createGraphics(); g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
 g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
 g.setColor(Color.BLACK); g.fillRect(0, 0, s, s);
 Font font = new Font(Font.SANS_SERIF, Font.BOLD, 46);
 String[] lines = {"FLUX", "ION"};
 for (int k = 0; k < 2; k++) {
   GlyphVector glyphs = font.createGlyphVector(g.getFontRenderContext(), lines[k]);
   Rectangle2D bounds = glyphs.getVisualBounds();
   float x = (float) ((s - bounds.getWidth()) / 2 - bounds.getX());
   float y = (float) (k == 0 ? 58 : 114);
   g.setPaint(new LinearGradientPaint(4, 0, s - 4, 0, new float[] {0f, 0.5f, 1f},
       new Color[] {new Color(255, 110, 80), new Color(120, 230, 140), new Color(110, 140, 255)}));
   g.fill(glyphs.getOutline(x, y));
 }
 g.dispose(); ImageIO.write(im, "png", new File(a[0])); } }
