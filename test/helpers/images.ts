/** Real pictures decoded to rgb24 frames (ffmpeg), for tests outside the camera driver: the helpers live with it. */
export { ASTRONAUT, CHELSEA, COFFEE, decodeImage } from '../../drivers/camera/perception/testing.ts';
