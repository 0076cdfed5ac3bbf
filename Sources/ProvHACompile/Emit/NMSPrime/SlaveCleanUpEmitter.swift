/// On the slave only: what must run once per pair (`nmsprime.slave_clean_up`; by default the
/// modem poller's cron, which polls every modem and writes into the shared database, and the
/// backup's) moved off the slave, as NMS Prime's `provha:clean_up_slave` does — to
/// `storage/app/data/provha/moved_system_files`, never deleted. NMS Prime's own list is not
/// public; this one is the cluster file's, and `docs/OUTPUT.md` says why each default is in it.
///
/// The list is a file of its own and the script reads it, so a changed list is one changed file;
/// `apply` runs the script when either changes (`slave-clean-up`). The script is idempotent: it
/// moves what the list names and still exists, puts back what it moved itself once the list no
/// longer names it (its record, `.provha-compile-moved`, keeps files NMS Prime's clean-up or a
/// person moved out of its reach), and says what it did, nothing on a second run. The master
/// gets neither file.
struct SlaveCleanUpEmitter: NodeEmitter {
    static let list = "/etc/nmsprime-provha/slave-clean-up.list"
    static let script = "/usr/libexec/nmsprime-provha/clean-up-slave"
    static let moved = "\(NMSPrimeStorage.root)/data/provha/moved_system_files"

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        guard node.role == .slave else { return [] }
        let list =
            node.header() + "# What the slave must not run (it runs once per pair, on the master); one path a line.\n"
            + node.model.nmsprime.slaveCleanUp.map { "\($0)\n" }.joined()
        let script =
            "#!/bin/bash\n" + node.header() + """
                # Moves what must run once per pair off the slave, to NMS Prime's moved_system_files
                # (never deletes), and puts back what it moved once \(Self.list) no longer names it.
                # Idempotent: a second run changes nothing and says nothing.
                set -euo pipefail
                root="${PROVHA_ROOT:-}"  # the root apply writes the node to (apply sets it), else /
                moved="$root\(Self.moved)"
                list="$root\(Self.list)"
                record="$moved/.provha-compile-moved"  # what this script moved, one path a line
                mkdir -p "$moved"
                touch "$record"
                kept=()
                while IFS= read -r path; do
                    [ -n "$path" ] || continue
                    if grep -qxF -- "$path" "$list"; then kept+=("$path"); continue; fi
                    if [ -e "$moved$path" ] && [ ! -e "$root$path" ]; then
                        mkdir -p "$(dirname "$root$path")"
                        mv -- "$moved$path" "$root$path"
                        echo "restored $path"
                    fi
                done <"$record"
                while IFS= read -r path; do
                    case "$path" in /*) ;; *) continue ;; esac
                    if [ -e "$root$path" ] || [ -L "$root$path" ]; then
                        mkdir -p "$(dirname "$moved$path")"
                        rm -rf -- "$moved$path"  # an older copy: the file came back (a package upgrade)
                        mv -- "$root$path" "$moved$path"
                        echo "moved $path to $moved$path"
                    fi
                    kept+=("$path")
                done <"$list"
                if [ ${#kept[@]} -gt 0 ]; then printf '%s\\n' "${kept[@]}" | sort -u; fi >"$record.new"
                mv -- "$record.new" "$record"

                """
        return [
            node.file(Self.list, reload: .slaveCleanUp, contents: list),
            node.file(Self.script, reload: .slaveCleanUp, contents: script, mode: 0o755),
        ]
    }
}
