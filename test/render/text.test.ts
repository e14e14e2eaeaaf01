import { describe, expect, it } from 'vitest';
import { protect, restore } from '../../src/render/protect.js';
import { collapseBlankLines, htmlToTextTemplate, tidy, toText } from '../../src/render/text.js';

const text = (html: string) => htmlToTextTemplate(html);

describe('htmlToTextTemplate', () => {
  it('keeps link URLs in brackets and hides an href equal to its text', () => {
    expect(text('<p><a href="https://x.cn/v?a=1&amp;b=2">Verify</a></p>')).toBe(
      'Verify [https://x.cn/v?a=1&b=2]',
    );
    expect(text('<a href="{{url}}">{{url}}</a>')).toBe('{{url}}');
    expect(text('<a href="{{url}}">Verify</a>')).toBe('Verify [{{url}}]');
  });

  it('skips images and decodes entities', () => {
    expect(text('<p><img src="a.png" alt="Logo">Tom &amp; Jerry&#39;s &lt;b&gt;</p>')).toBe(
      "Tom & Jerry's <b>",
    );
  });

  it('does not uppercase headings (placeholders must survive) nor wrap long lines', () => {
    const long = 'word '.repeat(40).trim();
    expect(text(`<h1>Hello {{name}}</h1><p>${long}</p>`)).toBe(`Hello {{name}}\n\n${long}`);
  });

  it('reads a data row as one line and a layout cell as blocks', () => {
    const html = `<table><tr><td><div>Block one</div><p>Block two</p></td></tr></table>
      <table><tr><th>Item</th><th>Qty</th></tr><tr><td>Tea<br>green</td><td>2</td></tr></table>`;
    expect(text(html)).toBe('Block one\n\nBlock two\n\nItem · Qty\nTea green · 2');
  });

  it('keeps {{#each}} between table rows, one block statement per line', () => {
    const html =
      '<table><tr><th>A</th><th>B</th></tr>{{#each rows}}<tr><td>{{a}}</td><td>{{b}}</td></tr>{{/each}}{{#if x}}<tr><td>X</td></tr>{{/if}}</table>';
    expect(text(html)).toBe('A · B\n{{#each rows}}\n{{a}} · {{b}}\n{{/each}}\n{{#if x}}\nX\n{{/if}}');
  });

  it('skips the hidden preheader and data-skip-in-text elements', () => {
    const html =
      '<div style="display:none;max-height:0px;">Preview &#847;&zwnj;</div><p data-skip-in-text>no</p><p>yes</p>';
    expect(text(html)).toBe('yes');
  });
});

describe('toText', () => {
  it('works on protected HTML and leaves the placeholders for restore', () => {
    const shield = protect('<p>{{#if a}}</p><p>{{b}}</p>');
    const out = toText(shield.text, shield);
    expect(out).toBe(`mshb${shield.key}0x\n\nmshb${shield.key}1x`);
    expect(restore(out, shield)).toBe('{{#if a}}\n\n{{b}}');
  });
});

describe('tidy / collapseBlankLines', () => {
  it('empties blank-looking lines and collapses runs of blank lines', () => {
    expect(tidy('a  \n\u200a\u200b\n\n\n\nb\n')).toBe('a\n\nb');
  });

  it('collapses 3+ newlines per render and trims', () => {
    expect(collapseBlankLines('\na\n\n\n\nb\n\nc\n')).toBe('a\n\nb\n\nc');
  });
});
