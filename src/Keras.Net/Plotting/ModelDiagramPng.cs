using SkiaSharp;

namespace KerasNet.Plotting;

/// <summary>
/// Draws a <see cref="ModelDiagram"/> into a PNG with SkiaSharp, the same picture as <see cref="ModelDiagramSvg"/>,
/// scaled by <c>dpi / 96</c>. Text needs a monospace TrueType font file (SkiaSharp here has no font configuration to ask).
/// </summary>
internal static class ModelDiagramPng
{
    // Monospace fonts that ship with common systems: Debian/Ubuntu (fonts-dejavu-core), Fedora, macOS, Windows.
    private static readonly string[] FontFiles =
    {
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
        "/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono.ttf",
        "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
        "/System/Library/Fonts/Menlo.ttc",
        @"C:\Windows\Fonts\consola.ttf",
    };

    /// <summary>The environment variable naming a font file to use instead of the usual ones.</summary>
    internal const string FontVariable = "KERAS_NET_PLOT_FONT";

    internal static byte[] Render(ModelDiagram diagram, int dpi)
    {
        var scale = dpi / 96.0;
        var (width, height) = ((int)Math.Ceiling(diagram.Width * scale), (int)Math.Ceiling(diagram.Height * scale));
        if ((long)width * height > 400_000_000)
            throw new ArgumentOutOfRangeException(nameof(dpi), dpi, $"PlotModel: the picture would be {width} x {height} pixels; lower dpi or write an SVG.");
        using var typeface = LoadMonospaceFont();
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
                            ?? throw new InvalidOperationException($"PlotModel: SkiaSharp could not create a {width} x {height} picture.");
        var canvas = surface.Canvas;
        canvas.Scale((float)scale);
        canvas.Clear(SKColors.White);
        using var arrowPaint = new SKPaint { Color = SKColor.Parse(ModelDiagramSvg.ArrowColor), StrokeWidth = 1.5f, IsAntialias = true };
        foreach (var edge in diagram.Edges)
        {
            var (x1, y1, x2, y2, head) = diagram.Arrow(edge);
            arrowPaint.Style = SKPaintStyle.Stroke;
            canvas.DrawLine((float)x1, (float)y1, (float)x2, (float)y2, arrowPaint);
            using var path = new SKPath();
            path.MoveTo((float)head[0].X, (float)head[0].Y);
            path.LineTo((float)head[1].X, (float)head[1].Y);
            path.LineTo((float)head[2].X, (float)head[2].Y);
            path.Close();
            arrowPaint.Style = SKPaintStyle.Fill;
            canvas.DrawPath(path, arrowPaint);
        }
        using var fill = new SKPaint { Color = SKColor.Parse(ModelDiagramSvg.BoxFill), Style = SKPaintStyle.Fill, IsAntialias = true };
        using var stroke = new SKPaint { Color = SKColor.Parse(ModelDiagramSvg.BoxStroke), Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, IsAntialias = true };
        using var textPaint = new SKPaint
        {
            Color = SKColor.Parse(ModelDiagramSvg.TextColor), IsAntialias = true, Typeface = typeface,
            TextSize = (float)ModelDiagram.FontSize, TextAlign = SKTextAlign.Center,
        };
        foreach (var box in diagram.Boxes)
        {
            var rect = new SKRect((float)box.X, (float)box.Y, (float)(box.X + box.Width), (float)(box.Y + box.Height));
            canvas.DrawRoundRect(rect, 6, 6, fill);
            canvas.DrawRoundRect(rect, 6, 6, stroke);
            for (var i = 0; i < box.Lines.Count; i++)
            {
                textPaint.FakeBoldText = i == 0;
                canvas.DrawText(box.Lines[i], (float)box.CenterX, (float)ModelDiagramSvg.TextBaseline(box, i), textPaint);
            }
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100)
                        ?? throw new InvalidOperationException("PlotModel: SkiaSharp could not encode the picture as PNG.");
        return png.ToArray();
    }

    private static SKTypeface LoadMonospaceFont()
    {
        var requested = Environment.GetEnvironmentVariable(FontVariable);
        var candidates = string.IsNullOrEmpty(requested) ? FontFiles : new[] { requested };
        foreach (var file in candidates)
            if (File.Exists(file) && SKTypeface.FromFile(file) is { } typeface)
                return typeface;
        throw new FileNotFoundException(
            string.IsNullOrEmpty(requested)
                ? $"PlotModel needs a monospace TrueType font to write a PNG and found none of: {string.Join(", ", FontFiles)}. " +
                  $"Install one (Debian/Ubuntu: apt-get install fonts-dejavu-core), set {FontVariable} to a .ttf file, or write an .svg instead."
                : $"PlotModel: {FontVariable} names '{requested}', which is not a font file SkiaSharp can read.",
            requested ?? FontFiles[0]);
    }
}
