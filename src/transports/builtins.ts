// Importing a built-in transport registers its schemes (defineTransport runs at module load), exactly
// as a third-party transport's module does. resolveTransport imports this file so URLs always work.
import './memory.js';
import './outbox.js';
import './smtp.js';
import './qq.js';
import './resend.js';
import './aliyun.js';
import './tencent.js';
import './ses.js';
