import json, subprocess, sys, math, urllib.request, urllib.parse
start=1763964000; end=start+6*3600-15
qs=['sum by (job) (rate(x[5m]))','histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))','x{instance=~"i-1.*"}','topk(5, rate(x[5m]))','count(x)','avg_over_time(x[1h])']
for q in qs:
    res=[]
    for port in (29090,29091):
        data=urllib.parse.urlencode({'query':q,'start':start,'end':end,'step':60}).encode()
        res.append(json.load(urllib.request.urlopen('http://127.0.0.1:%d/api/v1/query_range'%port, data)))
    a={json.dumps(s['metric'],sort_keys=True):s['values'] for s in res[0]['data']['result']}
    b={json.dumps(s['metric'],sort_keys=True):s['values'] for s in res[1]['data']['result']}
    ok = a.keys()==b.keys()
    diffs=0
    if ok:
        for k in a:
            va,vb=a[k],b[k]
            if len(va)!=len(vb): diffs+=1; continue
            for (ta,xa),(tb,xb) in zip(va,vb):
                fa,fb=float(xa),float(xb)
                if ta!=tb or not (fa==fb or abs(fa-fb)<=1e-9*max(abs(fa),abs(fb)) or (math.isnan(fa) and math.isnan(fb))): diffs+=1; break
    print(q, 'series', len(a), len(b), 'labels-equal', ok, 'series-with-diffs', diffs)
