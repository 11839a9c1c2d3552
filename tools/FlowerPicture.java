// Draws demo/src/main/resources/pictures/flower.png (the bundled picture model's data): java tools/FlowerPicture.java OUT.png
import java.awt.*; import java.awt.geom.*; import java.awt.image.*; import javax.imageio.*; import java.io.*;
public class FlowerPicture { public static void main(String[] a) throws Exception {
 int s = 96; BufferedImage im = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
 Graphics2D g = im.createGraphics(); g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
 g.setColor(Color.BLACK); g.fillRect(0,0,s,s);
 // a flower: eight petals in warm-to-cool hues, a golden centre, a green stem and leaf
 g.setColor(new Color(60,170,70)); g.setStroke(new BasicStroke(4f)); g.draw(new QuadCurve2D.Double(48,56,44,76,50,94));
 g.fill(new Ellipse2D.Double(50,72,18,8));
 for (int k = 0; k < 8; k++) { AffineTransform t = g.getTransform(); g.rotate(Math.PI*2*k/8, 48, 40);
   g.setColor(Color.getHSBColor(0.95f + 0.02f*k, 0.75f, 1f)); g.fill(new Ellipse2D.Double(41, 6, 14, 30)); g.setTransform(t); }
 g.setColor(new Color(255,200,40)); g.fill(new Ellipse2D.Double(38,30,20,20));
 g.setColor(new Color(200,110,20)); g.fill(new Ellipse2D.Double(43,35,10,10));
 g.dispose(); ImageIO.write(im, "png", new File(a[0])); } }
