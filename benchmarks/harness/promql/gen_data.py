import sys
# 5,000 counter series x{job,instance} and 5,000 bucket series h_bucket{instance,le}, 6h at 15s.
start = 1763964000  # 2025-11-24T06:00:00Z, well in the past (blocks, not head)
n = 6*3600//15
out = open(sys.argv[1], 'w', buffering=1<<20)
w = out.write
w('# TYPE x gauge\n')
for i in range(5000):
    lab = 'x{job="job%d",instance="i-%d"} ' % (i % 10, i)
    v = 0.0; inc = (i % 7) + 1
    for k in range(n):
        v += inc
        w('%s%d %d\n' % (lab, int(v), start + k*15))
w('# TYPE h_bucket gauge\n')
les = ['0.005','0.01','0.025','0.05','0.1','0.25','0.5','1','2.5','+Inf']
for i in range(500):
    for j, le in enumerate(les):
        lab = 'h_bucket{instance="i-%d",le="%s"} ' % (i, le)
        v = 0
        for k in range(n):
            v += j + 1 + (k % 3)
            w('%s%d %d\n' % (lab, v, start + k*15))
w('# EOF\n')
