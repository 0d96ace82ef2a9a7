import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--headless'] });
const p = await b.newPage();
p.on('console', async m => { if (m.type()==='error') { for (const a of m.args()) { try { console.log('ARG', await a.evaluate(n => n && n.nodeType ? (n.nodeType+' '+(n.outerHTML||n.textContent||'').slice(0,300) + ' | parent: ' + (n.parentElement? n.parentElement.outerHTML.slice(0,400):'')) : String(n).slice(0,200))); } catch(e){} } } });
await p.goto(process.argv[2] || 'http://127.0.0.1:3999/patterns/layered');
await p.waitForTimeout(4000);
await b.close();
