# bench/profile.sh: sums `perf report --no-children --sort dso,symbol -t '|'` lines ("  12.34%|dso|[.] symbol") into
# buckets a reader recognises. JIT-compiled code lives in perf-PID.map (perf shows it as "[JIT] tid N"), where the
# runtime names each method "<return type> [Module] Namespace.Type::Method(...)": the owner's [Module] decides, so
# CoreLib generics instantiated over Depot's types count as CoreLib. Precompiled (ReadyToRun) framework code is
# attributed by its DLL's name. Self time only: libc's strncmp called by sqlite3 counts as libc.
function bucket(dso, sym,    module) {
  if (dso ~ /kernel|vmlinux|\[vdso\]/ || sym ~ /^\[k\]/) return "kernel"
  if (dso ~ /libcrypto|libssl/) return "libcrypto / libssl"
  if (dso ~ /sqlite/) return "Microsoft.Data.Sqlite + sqlite3"
  if (dso ~ /libcoreclr|libclrjit|libclrgc/) return ".NET runtime (libcoreclr: GC, type system, stubs; JIT)"
  if (dso ~ /libSystem\./) return ".NET native shims (libSystem.*)"
  if (dso ~ /^(libc|libpthread|libm|ld-linux)[.-]/) return "libc"
  module = ""
  if (dso ~ /perf-[0-9]+\.map|^\[JIT\]/) {
    # The owner's module is the bracket followed by a space; a return type's ("class [System.Runtime]System...") is not.
    if (sym ~ /^stub /) return ".NET runtime (libcoreclr: GC, type system, stubs; JIT)"
    if (match(sym, /\[[A-Za-z][A-Za-z0-9_.-]*\] /)) module = substr(sym, RSTART + 1, RLENGTH - 3)
  } else {
    module = dso
    sub(/\.(dll|so)$/, "", module)
  }
  if (module == "") return "JIT-compiled, unnamed (" dso ")"
  if (module ~ /^(Depot\.|depot-)/) return "Depot.* (depot-server: Depot.Server)"
  if (module ~ /Kestrel/) return "Kestrel"
  if (module ~ /^(Microsoft\.Data\.Sqlite|SQLitePCL)/) return "Microsoft.Data.Sqlite + sqlite3"
  if (module == "Dapper") return "Dapper"
  if (module == "System.Private.CoreLib") return "System.Private.CoreLib"
  if (module ~ /^(Microsoft\.AspNetCore|Microsoft\.Extensions)/) return "ASP.NET Core / Extensions (not Kestrel)"
  if (module ~ /^(System|Microsoft)\./) return "other .NET libraries (" module ")"
  return "other (" module ")"
}
{
  pct = $1; gsub(/[ %]/, "", pct)
  dso = $2; gsub(/^ +| +$/, "", dso)
  sym = $3; sub(/^ *\[[.k]\] */, "", sym)
  b = bucket(dso, ($3 ~ /^ *\[k\]/ ? "[k] " : "") sym)
  share[b] += pct
  total += pct
}
END {
  # The buckets issue 13 asks about always show (0.0 when absent); others from 0.5 %; the rest in one line.
  split("System.Private.CoreLib|Kestrel|Microsoft.Data.Sqlite + sqlite3|Depot.* (depot-server: Depot.Server)|kernel|libcrypto / libssl", fixed, "|")
  for (i in fixed) { always[fixed[i]] = 1; share[fixed[i]] += 0 }
  n = 0
  for (b in share) names[++n] = b
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (share[names[j]] > share[names[i]]) { t = names[i]; names[i] = names[j]; names[j] = t }
  rest = 0
  for (i = 1; i <= n; i++) {
    if (share[names[i]] >= 0.5 || names[i] in always) printf "| %s | %.1f |\n", names[i], share[names[i]]
    else rest += share[names[i]]
  }
  if (rest > 0) printf "| everything else | %.1f |\n", rest
}
