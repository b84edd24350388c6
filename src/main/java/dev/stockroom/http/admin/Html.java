package dev.stockroom.http.admin;

/** HTML written by hand: text escaped wherever it comes from data, and the page around it. */
final class Html {
  private Html() {}

  /** Text for an element or an attribute value. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    var out = new StringBuilder(text.length() + 16);
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A whole page: its title, the signed-in user's navigation (with a sign-out form carrying the
   * CSRF token) unless {@code user} is null, and the body.
   */
  static String page(String title, String user, String csrf, String body) {
    String navigation =
        user == null
            ? ""
            : """
            <nav aria-label="Main">
              <a href="/admin">Dashboard</a>
              <a href="/admin/sources">Sources</a>
              <a href="/admin/source-items">Source items</a>
              <a href="/admin/sku">SKU</a>
              <a href="/admin/stocks">Stocks</a>
              <a href="/admin/bulks">Bulks and CSV</a>
              <a href="/admin/webhooks">Webhooks</a>
              <form method="post" action="/admin/sign-out" class="inline">
                <input type="hidden" name="csrf" value="%s">
                <button type="submit">Sign out %s</button>
              </form>
            </nav>
            """
                .formatted(escape(csrf), escape(user));
    return """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>%s · Stockroom</title>
    <style>%s</style>
    </head>
    <body>
    <header><strong>Stockroom</strong>%s</header>
    <main>
    <h1>%s</h1>
    %s
    </main>
    </body>
    </html>
    """
        .formatted(
            escape(title),
            STYLE,
            navigation,
            escape(title),
            // Wide tables scroll within the page on a phone, instead of widening it.
            body.replace("<table>", "<div class=\"scroll\"><table>")
                .replace("</table>", "</table></div>"));
  }

  private static final String STYLE =
      """
      body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
      header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.6rem 1rem;
        background:#1f3a5f;color:#fff}
      header a{color:#fff;margin-right:1rem}
      header button{background:none;border:1px solid #fff;color:#fff;padding:.2rem .6rem}
      nav{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
      main{padding:1rem;max-width:75rem}
      .scroll{overflow-x:auto;max-width:100%}
      .inline{display:inline}
      table{border-collapse:collapse;width:100%;background:#fff}
      th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left}
      td:first-child{white-space:nowrap}
      td.number{text-align:right}
      .error{color:#a40000;font-weight:600}
      .saved{color:#185c18}
      .cards{display:flex;flex-wrap:wrap;gap:1rem}
      .card{background:#fff;border:1px solid #ddd;padding:1rem;min-width:10rem}
      .card strong{display:block;font-size:1.6rem}
      form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin-bottom:1rem}
      form.filters label{display:flex;flex-direction:column;font-size:.9rem}
      input,select,button{font-size:1rem;padding:.25rem .4rem}
      input.quantity{width:7rem}
      .pages{margin-top:1rem;display:flex;gap:1rem;align-items:center}
      a:focus,button:focus,input:focus,select:focus{outline:3px solid #f5a623}
      .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
      @media (max-width:40rem){th.optional,td.optional{display:none}}
      """;
}
