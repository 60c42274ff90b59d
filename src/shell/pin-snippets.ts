// Folder pins in the shell, appended by `ctk init` after the functions of ./init-scripts.ts and
// kept apart from them: a wrapper that makes `c` without an id switch to the working folder's
// pin (`c --pick` still opens the picker), and with `--auto` a change-directory hook that
// switches on entering a pinned folder and back on leaving it (unless you switched meanwhile).
import type { Shell } from '../domain/shells.js';

const NOTE = '# ctk pin: inside a pinned folder, c without an id switches to its account (c --pick: the picker).';

function posixWrapper(shell: 'bash' | 'zsh', c: string): string {
  const copy = shell === 'bash' ? `eval "$(declare -f ${c} | sed '1s/^${c} ()/__ctk_c_unpinned ()/')"` : `eval "__ctk_c_unpinned() { \${functions[${c}]} }"`;
  return `${NOTE}
case " \${__ctk_defined-} " in *" ${c} "*)
${copy}
function ${c} {
  if [ "$#" -eq 0 ]; then
    local __ctk_pin
    __ctk_pin="$(command ctk current --pinned 2>/dev/null)"
    if [ -n "$__ctk_pin" ]; then
      __ctk_c_unpinned "$__ctk_pin"
      return $?
    fi
  elif [ "$#" -eq 1 ] && [ "$1" = "--pick" ]; then
    __ctk_c_unpinned
    return $?
  fi
  __ctk_c_unpinned "$@"
}
;; esac
`;
}

function posixAuto(shell: 'bash' | 'zsh'): string {
  const install =
    shell === 'bash'
      ? `case ";\${PROMPT_COMMAND-};" in
  *";__ctk_pin_cd;"*) ;;
  *) PROMPT_COMMAND="__ctk_pin_cd\${PROMPT_COMMAND:+;$PROMPT_COMMAND}" ;;
esac`
      : `typeset -ga chpwd_functions
(( \${chpwd_functions[(I)__ctk_pin_cd]} )) || chpwd_functions+=(__ctk_pin_cd)
__ctk_pin_cd`;
  return `# ctk init --auto: entering a pinned folder switches to its account; leaving switches back.
function __ctk_pin_cd {
  [ "$PWD" = "\${__CTK_PIN_PWD-}" ] && return 0
  __CTK_PIN_PWD="$PWD"
  local __ctk_pin __ctk_out
  __ctk_pin="$(command ctk current --pinned 2>/dev/null)"
  if [ -n "$__ctk_pin" ]; then
    [ "$__ctk_pin" = "\${__CTK_PIN_ID-}" ] && return 0
    if [ -z "\${__CTK_PIN_ID-}" ]; then
      __CTK_PIN_PREV_SET="\${CLAUDE_CONFIG_DIR+1}"
      __CTK_PIN_PREV="\${CLAUDE_CONFIG_DIR-}"
    fi
    __ctk_out="$(command ctk use --shell ${shell} -- "$__ctk_pin")"
    [ -n "$__ctk_out" ] && eval "$__ctk_out"
    __CTK_PIN_ID="$__ctk_pin"
    __CTK_PIN_SET="\${CLAUDE_CONFIG_DIR-}"
  elif [ -n "\${__CTK_PIN_ID-}" ]; then
    if [ "\${CLAUDE_CONFIG_DIR-}" = "\${__CTK_PIN_SET-}" ]; then
      if [ -n "\${__CTK_PIN_PREV_SET-}" ]; then export CLAUDE_CONFIG_DIR="$__CTK_PIN_PREV"; else unset CLAUDE_CONFIG_DIR; fi
      echo "ctk: left the folder pinned to $__CTK_PIN_ID; back to the account before it" >&2
    fi
    unset __CTK_PIN_ID __CTK_PIN_SET __CTK_PIN_PREV __CTK_PIN_PREV_SET
  fi
  return 0
}
${install}
`;
}

function fishWrapper(c: string): string {
  return `${NOTE}
if contains -- ${c} $__ctk_defined
functions -e __ctk_c_unpinned
functions --copy ${c} __ctk_c_unpinned
function ${c} --description 'switch this shell to a Claude Code account (ctk); no id: the folder pin'
    if test (count $argv) -eq 0
        set -l pin (command ctk current --pinned 2>/dev/null)
        if test -n "$pin"
            __ctk_c_unpinned $pin
            return $status
        end
    else if test (count $argv) -eq 1; and test "$argv[1]" = --pick
        __ctk_c_unpinned
        return $status
    end
    __ctk_c_unpinned $argv
end
end
`;
}

function fishAuto(): string {
  return `# ctk init --auto: entering a pinned folder switches to its account; leaving switches back.
function __ctk_pin_cd --on-variable PWD
    set -l pin (command ctk current --pinned 2>/dev/null)
    if test -n "$pin"
        if set -q __ctk_pin_id; and test "$pin" = "$__ctk_pin_id"
            return 0
        end
        if not set -q __ctk_pin_id
            set -g __ctk_pin_prev_set (set -q CLAUDE_CONFIG_DIR; and echo 1)
            set -g __ctk_pin_prev "$CLAUDE_CONFIG_DIR"
        end
        set -l out (command ctk use --shell fish -- $pin)
        test -n "$out"; and eval $out
        set -g __ctk_pin_id $pin
        set -g __ctk_pin_set "$CLAUDE_CONFIG_DIR"
    else if set -q __ctk_pin_id
        if test "$CLAUDE_CONFIG_DIR" = "$__ctk_pin_set"
            if test -n "$__ctk_pin_prev_set"
                set -gx CLAUDE_CONFIG_DIR $__ctk_pin_prev
            else
                set -e CLAUDE_CONFIG_DIR
            end
            echo "ctk: left the folder pinned to $__ctk_pin_id; back to the account before it" >&2
        end
        set -e __ctk_pin_id __ctk_pin_set __ctk_pin_prev __ctk_pin_prev_set
    end
end
__ctk_pin_cd
`;
}

function pwshWrapper(c: string): string {
  return `${NOTE}
if ($global:__ctk_defined -contains '${c}') {
Set-Item -Path function:global:__ctk_c_unpinned -Value (Get-Item function:${c}).ScriptBlock
function global:${c} {
    param([string]$id)
    if (-not $id -and $args.Count -eq 0) {
        $pin = & (__ctk_exe) current --pinned 2>$null
        if ($LASTEXITCODE -eq 0 -and $pin) { __ctk_c_unpinned "$pin"; return }
    } elseif ($id -eq '--pick' -and $args.Count -eq 0) { __ctk_c_unpinned; return }
    __ctk_c_unpinned $id @args
}
}
`;
}

function pwshAuto(): string {
  return `# ctk init --auto: entering a pinned folder switches to its account; leaving switches back.
function global:__ctk_pin_cd {
    if ($PWD.Path -eq $global:__ctk_pin_pwd) { return }
    $global:__ctk_pin_pwd = $PWD.Path
    $pin = & (__ctk_exe) current --pinned 2>$null
    if ($LASTEXITCODE -eq 0 -and $pin) {
        if ($pin -eq $global:__ctk_pin_id) { return }
        if (-not $global:__ctk_pin_id) { $global:__ctk_pin_prev = $env:CLAUDE_CONFIG_DIR }
        $out = & (__ctk_exe) use --shell pwsh "$pin"
        if ($out) { Invoke-Expression ($out -join "\`n") }
        $global:__ctk_pin_id = "$pin"
        $global:__ctk_pin_set = $env:CLAUDE_CONFIG_DIR
    } elseif ($global:__ctk_pin_id) {
        if ($env:CLAUDE_CONFIG_DIR -eq $global:__ctk_pin_set) { $env:CLAUDE_CONFIG_DIR = $global:__ctk_pin_prev }
        $global:__ctk_pin_id = $null
    }
}
if (-not $global:__ctk_prompt_orig) { $global:__ctk_prompt_orig = $function:prompt }
function global:prompt { __ctk_pin_cd; & $global:__ctk_prompt_orig }
`;
}

/** What `ctk init <shell>` appends: the pin-aware `c`, and with `auto` the cd hook. */
export function pinSnippets(shell: Shell, opts: { auto?: boolean; c?: string } = {}): string {
  const c = opts.c ?? 'c';
  switch (shell) {
    case 'bash':
    case 'zsh':
      return posixWrapper(shell, c) + (opts.auto ? posixAuto(shell) : '');
    case 'fish':
      return fishWrapper(c) + (opts.auto ? fishAuto() : '');
    case 'pwsh':
      return pwshWrapper(c) + (opts.auto ? pwshAuto() : '');
  }
}
