import { findScriptUrls } from '../../src/run-e2e-separation/context.js';

describe('findScriptUrls', () => {
  it('finds script src and script preloads in document order, resolved and deduplicated', () => {
    const html = `<!DOCTYPE html><html><head>
      <link rel="preload" as="script" href="/_next/static/chunks/webpack.js">
      <link rel="modulepreload" href='./mod.js'>
      <link rel="preload" as="style" href="/style.css">
      <link rel="stylesheet" href="/x.css">
      <SCRIPT type="module" SRC=/_next/static/chunks/main.js async></SCRIPT>
      <script src="/_next/static/chunks/webpack.js"></script>
      <script>inline()</script>
      <script data-src="/not-a-src.js"></script>
      <script src="/chunk.js?v=1&amp;t=2"></script>
      <script src="https://cdn.example.test/a.js"></script>
    </head></html>`;
    expect(findScriptUrls(html, 'http://127.0.0.1:4000/shop/')).toEqual([
      'http://127.0.0.1:4000/_next/static/chunks/webpack.js',
      'http://127.0.0.1:4000/shop/mod.js',
      'http://127.0.0.1:4000/_next/static/chunks/main.js',
      'http://127.0.0.1:4000/chunk.js?v=1&t=2',
      'https://cdn.example.test/a.js',
    ]);
  });

  it('also finds the chunks Next.js lists in its inline flight data', () => {
    const html = `<script src="/_next/static/chunks/main-app.js" async=""></script>
      <script>self.__next_f.push([1,"2:I[\\"123\\",[\\"static/chunks/app/page-9f1.js\\"],\\"default\\"]"])</script>
      <script>self.__next_f.push([1,"3:I[\\"456\\",[\\"/_next/static/chunks/main-app.js\\",\\"static/chunks/app/layout-77.js\\"]]"])</script>`;
    expect(findScriptUrls(html, 'https://bizoholic.example.com/en')).toEqual([
      'https://bizoholic.example.com/_next/static/chunks/main-app.js',
      'https://bizoholic.example.com/_next/static/chunks/app/page-9f1.js',
      'https://bizoholic.example.com/_next/static/chunks/app/layout-77.js',
    ]);
  });

  it('finds nothing in a page without scripts', () => {
    expect(findScriptUrls('<p>static</p>', 'http://127.0.0.1:4000/')).toEqual([]);
  });
});
