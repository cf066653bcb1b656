using System.Text;

namespace Pipeline.Cli.Tests;

/// <summary>
/// A small terminal emulator for tests: fixed width and height, auto-wrap, scrollback, and the cursor and erase
/// sequences a live display uses (CSI A/B/C/D/G/H/J/K; colours and cursor visibility are ignored).
/// </summary>
internal sealed class VtScreen
{
    private readonly int _width, _height;
    private readonly List<char[]> _rows = [];
    private readonly List<string> _scrolled = [];
    private int _row, _col;

    public VtScreen(int width, int height)
    {
        _width = width;
        _height = height;
        for (int i = 0; i < height; i++) _rows.Add(Blank());
    }

    /// <summary>Times a line was too long and wrapped onto the next row.</summary>
    public int Wraps { get; private set; }

    /// <summary>Scrollback then screen, trailing blanks trimmed, trailing empty rows dropped.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            var all = _scrolled.Concat(_rows.Select(r => new string(r).TrimEnd())).ToList();
            while (all.Count > 0 && all[^1].Length == 0) all.RemoveAt(all.Count - 1);
            return all;
        }
    }

    public void Feed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\x1b' && i + 1 < s.Length && s[i + 1] == '[')
            {
                int j = i + 2;
                var p = new StringBuilder();
                while (j < s.Length && (char.IsDigit(s[j]) || s[j] is ';' or '?')) p.Append(s[j++]);
                if (j < s.Length) Csi(p.ToString(), s[j]);
                i = j;
            }
            else if (c == '\n') { _col = 0; LineFeed(); }
            else if (c == '\r') _col = 0;
            else if (c >= ' ')
            {
                if (_col >= _width) { Wraps++; _col = 0; LineFeed(); }
                _rows[_row][_col++] = c;
            }
        }
    }

    private void Csi(string p, char cmd)
    {
        if (p.StartsWith('?')) return;
        var n = p.Split(';').Select(x => int.TryParse(x, out var v) ? v : 0).ToArray();
        int a = n.Length > 0 && n[0] > 0 ? n[0] : 1;
        switch (cmd)
        {
            case 'A': _row = Math.Max(0, _row - a); break;
            case 'B': _row = Math.Min(_height - 1, _row + a); break;
            case 'C': _col = Math.Min(_width - 1, _col + a); break;
            case 'D': _col = Math.Max(0, _col - a); break;
            case 'G': _col = Math.Clamp(a - 1, 0, _width - 1); break;
            case 'H': _row = Math.Clamp(a - 1, 0, _height - 1); _col = Math.Clamp((n.Length > 1 && n[1] > 0 ? n[1] : 1) - 1, 0, _width - 1); break;
            case 'K':
                int mode = n.Length > 0 ? n[0] : 0;
                for (int x = 0; x < _width; x++)
                    if (mode == 2 || (mode == 0 && x >= _col) || (mode == 1 && x <= _col)) _rows[_row][x] = ' ';
                break;
            case 'J':
                int m = n.Length > 0 ? n[0] : 0;
                for (int y = 0; y < _height; y++)
                    if (m == 2 || (m == 0 && y > _row) || (m == 1 && y < _row)) _rows[y] = Blank();
                if (m == 0) for (int x = _col; x < _width; x++) _rows[_row][x] = ' ';
                break;
        }
    }

    private void LineFeed()
    {
        if (_row < _height - 1) { _row++; return; }
        _scrolled.Add(new string(_rows[0]).TrimEnd());
        _rows.RemoveAt(0);
        _rows.Add(Blank());
    }

    private char[] Blank() => Enumerable.Repeat(' ', _width).ToArray();
}
