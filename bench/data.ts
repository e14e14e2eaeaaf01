/** 100 varied, plain-JSON data objects for the shipped `receipt` template (deterministic). */

const PRODUCTS: [string, string, number][] = [
  ['Acme 云存储 专业版（年付）', 'Cloud Storage Pro, yearly', 588],
  ['额外存储空间 100 GB', 'Extra storage, 100 GB', 60],
  ['团队成员席位', 'Team seat', 36],
  ['短信验证码包 1 万条', 'SMS verification pack, 10k', 450],
  ['CDN 流量包 500 GB', 'CDN traffic, 500 GB', 99],
  ['企业邮箱 基础版', 'Business mail, basic', 120],
  ['SSL 证书 · 通配符', 'Wildcard SSL certificate', 1999],
  ['技术支持 · 工单优先', 'Priority support', 299],
];
const NAMES = ['李雷', '韩梅梅', 'Wang Fang', '张伟', 'Liu Yang', '陈静', 'Tom & Jerry <Ltd>', '欧阳娜娜'];
const METHODS = ['微信支付 WeChat Pay', '支付宝 Alipay', '银行卡 UnionPay ···· 6222', 'PayPal'];

const money = (cents: number) =>
  `¥${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function receiptData(count = 100): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const lines = 1 + ((i * 7) % 8);
    let subtotal = 0;
    const items = Array.from({ length: lines }, (_, j) => {
      const [name, note, price] = PRODUCTS[(i + j * 3) % PRODUCTS.length]!;
      const qty = 1 + ((i + j) % 4);
      subtotal += price * 100 * qty;
      return { name, note, qty, unitPrice: money(price * 100), lineTotal: money(price * 100 * qty) };
    });
    const discount = i % 3 === 0 ? Math.round(subtotal * 0.1) : 0;
    const shipping = i % 5 === 0 ? 1200 : 0;
    return {
      name: NAMES[i % NAMES.length],
      orderId: `AC2025${String(100000 + i * 37).padStart(8, '0')}`,
      paidAt: `2025-06-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}`,
      paymentMethod: METHODS[i % METHODS.length],
      items,
      subtotal: money(subtotal),
      ...(discount ? { discount: money(discount), discountNote: '会员 9 折 · 10% member discount' } : {}),
      ...(shipping ? { shipping: money(shipping) } : {}),
      total: money(subtotal - discount + shipping),
      ...(i % 4 !== 3 ? { orderUrl: `https://acme.example.com/orders/${i}` } : {}),
    };
  });
}
