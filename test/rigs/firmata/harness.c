// An Arduino Uno for the tests: a .hex in a simulated atmega328p at 16 MHz, paced to real time, UART0 on a
// pseudo-terminal reached through a symlink (what /dev/serial/by-id gives on a real machine).
// usage: harness <firmware.hex> <link path>
// stdout: "pty <path>" once, then "pin <n> <0|1>" when an output pin changes and "pwm <n> <0..255>".
// stdin: "digital <pin> <0|1>" drives an input pin, "analog <channel> <mV>" an analog input; EOF ends it.
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <simavr/avr_adc.h>
#include <simavr/avr_ioport.h>
#include <simavr/avr_uart.h>
#include <simavr/sim_avr.h>
#include <simavr/sim_hex.h>

static avr_t *avr;
static int pty = -1, xon = 1, last_level[20], last_duty[6];
static char pty_path[64], link_path[PATH_MAX], line[128];
static uint8_t rx[256];
static size_t rx_len, rx_done, line_len;

static void unlink_ours(void) {
  char target[sizeof pty_path] = {0};
  if (readlink(link_path, target, sizeof target - 1) > 0 && strcmp(target, pty_path) == 0) unlink(link_path);
}
static void on_signal(int sig) { unlink_ours(); signal(sig, SIG_DFL); raise(sig); }
static void on_xon(avr_irq_t *irq, uint32_t v, void *p) { xon = 1; }
static void on_xoff(avr_irq_t *irq, uint32_t v, void *p) { xon = 0; }
// nobody reading the pty (port closed) drops the byte, as a UART with no cable would
static void on_tx(avr_irq_t *irq, uint32_t v, void *p) { uint8_t b = v; (void)!write(pty, &b, 1); }

// Uno pins: 0-7 PORTD, 8-13 PORTB, 14-19 (A0-A5) PORTC
static char port_of(int pin, int *bit) {
  *bit = pin < 8 ? pin : pin < 14 ? pin - 8 : pin - 14;
  return pin < 8 ? 'D' : pin < 14 ? 'B' : 'C';
}

static void scan_outputs(void) {
  for (int pin = 2; pin < 20; pin++) {
    int bit; avr_ioport_state_t st;
    if (avr_ioctl(avr, AVR_IOCTL_IOPORT_GETSTATE(port_of(pin, &bit)), &st)) continue;
    int level = (st.ddr >> bit) & 1 ? (int)((st.port >> bit) & 1) : -1;
    if (level != last_level[pin] && level >= 0) printf("pin %d %d\n", pin, level);
    last_level[pin] = level;
  }
  // analogWrite 1..254 hands a pin to its timer: compare output mode bits (COMxx1) in TCCRnA, duty in OCRnx
  static const struct { int pin; uint16_t tccr, ocr; uint8_t com; } pwm[6] = {
    {6, 0x44, 0x47, 0x80}, {5, 0x44, 0x48, 0x20}, {9, 0x80, 0x88, 0x80}, {10, 0x80, 0x8A, 0x20}, {11, 0xB0, 0xB3, 0x80}, {3, 0xB0, 0xB4, 0x20}};
  for (int i = 0; i < 6; i++) {
    int duty = avr->data[pwm[i].tccr] & pwm[i].com ? avr->data[pwm[i].ocr] : -1;
    if (duty != last_duty[i] && duty >= 0) printf("pwm %d %d\n", pwm[i].pin, duty);
    last_duty[i] = duty;
  }
  fflush(stdout);
}

static void command(const char *cmd) {
  int a, b;
  if (sscanf(cmd, "digital %d %d", &a, &b) == 2 && a >= 0 && a < 20) {
    int bit; char port = port_of(a, &bit);
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), bit), b != 0);
  } else if (sscanf(cmd, "analog %d %d", &a, &b) == 2 && a >= 0 && a < 6) {
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + a), b);
  } else fprintf(stderr, "harness: unknown command: %s\n", cmd);
}

static void pump(void) {
  if (rx_done == rx_len) { ssize_t n = read(pty, rx, sizeof rx); rx_len = n > 0 ? n : 0; rx_done = 0; }
  avr_irq_t *in = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
  while (xon && rx_done < rx_len) avr_raise_irq(in, rx[rx_done++]);
  char c;
  ssize_t n;
  while ((n = read(0, &c, 1)) == 1) {
    if (c != '\n' && line_len < sizeof line - 1) { line[line_len++] = c; continue; }
    line[line_len] = 0; line_len = 0;
    command(line);
  }
  if (n == 0) { unlink_ours(); exit(0); }
}

static int open_pty(void) {
  int fd = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
  struct termios t;
  if (fd < 0 || grantpt(fd) || unlockpt(fd) || tcgetattr(fd, &t)) return -1;
  cfmakeraw(&t);
  tcsetattr(fd, TCSANOW, &t);
  snprintf(pty_path, sizeof pty_path, "%s", ptsname(fd));
  unlink(link_path);
  return symlink(pty_path, link_path) ? -1 : fd;
}

int main(int argc, char **argv) {
  ihex_chunk_p chunks;
  if (argc != 3) { fprintf(stderr, "usage: harness <firmware.hex> <link path>\n"); return 2; }
  snprintf(link_path, sizeof link_path, "%s", argv[2]);
  int count = read_ihex_chunks(argv[1], &chunks);
  if (count <= 0 || !(avr = avr_make_mcu_by_name("atmega328p")) || avr_init(avr)) { fprintf(stderr, "harness: cannot load %s\n", argv[1]); return 1; }
  avr->log = LOG_ERROR;
  avr->frequency = 16000000;
  avr->vcc = avr->avcc = avr->aref = 5000;
  for (int i = 0; i < count; i++) avr_loadcode(avr, chunks[i].data, chunks[i].size, chunks[i].baseaddr);
  avr->codeend = avr->flashend;
  uint32_t flags = 0;  // no UART echo on our stdout, no sleeping in the simulated UART
  avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_tx, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON), on_xon, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XOFF), on_xoff, NULL);
  for (int i = 0; i < 20; i++) last_level[i] = -1;
  for (int i = 0; i < 6; i++) last_duty[i] = -1;
  if ((pty = open_pty()) < 0) { perror("harness: pty"); return 1; }
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
  printf("pty %s\n", pty_path);
  fflush(stdout);
  struct timespec t0, now;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (avr_cycle_count_t next = 0;;) {
    int state = avr_run(avr);
    if (state == cpu_Done || state == cpu_Crashed) { fprintf(stderr, "harness: firmware stopped (%d)\n", state); break; }
    if (avr->cycle < next) continue;
    next = avr->cycle + 16000;  // once a simulated millisecond: I/O, then wait for the wall clock
    pump();
    scan_outputs();
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ahead = (long long)(avr->cycle / 16) * 1000 - ((now.tv_sec - t0.tv_sec) * 1000000000LL + now.tv_nsec - t0.tv_nsec);
    if (ahead > 1000000) nanosleep(&(struct timespec){0, ahead}, NULL);
  }
  unlink_ours();
  return 1;
}
