import re, os, html, json, sys, itertools, collections
root='/work/shared/corpus/real'
items=[]
def clean(t):
    t=re.sub(r'<!\[CDATA\[(.*?)\]\]>',r'\1',t,flags=re.S)
    t=re.sub(r'<[^>]+>',' ',t)
    t=html.unescape(html.unescape(t))
    t=re.sub(r'<[^>]+>',' ',t)
    return re.sub(r'\s+',' ',t).strip()
for line in open(root+'/SOURCES.tsv').read().splitlines()[1:]:
    f=line.split('\t')[0]
    try: data=open(os.path.join(root,f),'rb').read().decode('utf-8','replace')
    except Exception: continue
    for m in re.finditer(r'<(item|entry)\b.*?</\1>',data,flags=re.S):
        blk=m.group(0)
        t=re.search(r'<title[^>]*>(.*?)</title>',blk,flags=re.S)
        s=re.search(r'<(description|summary|content:encoded|content)[^>]*>(.*?)</\1>',blk,flags=re.S)
        l=re.search(r'<link[^>]*?(?:href="([^"]*)"[^>]*/?>|>(.*?)</link>)',blk,flags=re.S)
        if not t: continue
        title=clean(t.group(1))
        if len(title)<12: continue
        summ=clean(s.group(2))[:400] if s else ''
        link=(l.group(1) or l.group(2) or '').strip() if l else ''
        items.append((f,title,summ,link))
print(len(items),file=sys.stderr)
json.dump(items,open('/tmp/st/items.json','w'),ensure_ascii=False)
