/* Shrink a phone-camera JPEG in the browser before it is uploaded, keeping it evidence.
 *
 * UniconPhoto.shrink(file, {maxSide: 1920, quality: 0.85}) → Promise<File>
 *
 * A JPEG whose long side is over `maxSide` px (or that weighs over 1.5 MB) is redrawn on a
 * canvas at most `maxSide` px long and encoded as JPEG; the camera's EXIF block (APP1:
 * capture time, GPS, camera) is copied into the new file, so the server reads the same
 * capture time and position as from the original. Browsers draw the picture upright (they
 * apply the EXIF orientation), so the copied orientation tag is set to 1 ("as stored").
 * Anything else (HEIC, PNG, small JPEGs) and any failure: the original file is returned,
 * and the server shrinks it instead (POD_MAX_BYTES allows originals up to 20 MB).
 * No build step, no dependency: plain ES2017 for the browsers of drivers' phones.
 */
(function (global) {
  "use strict";
  var SHRINK_ABOVE_BYTES = 1.5 * 1024 * 1024;

  function isJpeg(bytes) {
    return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  }

  // The APP1 "Exif" segment (marker, length and body) of a JPEG, or null.
  function exifSegment(bytes) {
    var offset = 2;
    while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
      var marker = bytes[offset + 1];
      if (marker === 0xda || marker === 0xd9) break; // image data starts: no more headers
      var length = (bytes[offset + 2] << 8) | bytes[offset + 3];
      if (marker === 0xe1 && bytes[offset + 4] === 0x45 && bytes[offset + 5] === 0x78 &&
          bytes[offset + 6] === 0x69 && bytes[offset + 7] === 0x66) {
        return bytes.slice(offset, offset + 2 + length);
      }
      offset += 2 + length;
    }
    return null;
  }

  // Set the orientation tag (0x0112) of IFD0 in an APP1 Exif segment to 1, in place.
  function clearOrientation(segment) {
    var view = new DataView(segment.buffer, segment.byteOffset, segment.byteLength);
    var tiff = 10; // marker (2) + length (2) + "Exif\0\0" (6)
    var little = view.getUint16(tiff) === 0x4949;
    var ifd = tiff + view.getUint32(tiff + 4, little);
    var count = view.getUint16(ifd, little);
    for (var i = 0; i < count; i++) {
      var entry = ifd + 2 + i * 12;
      if (view.getUint16(entry, little) === 0x0112) view.setUint16(entry + 8, 1, little);
    }
    return segment;
  }

  // `jpeg` with `segment` inserted right after its start-of-image marker.
  function withSegment(jpeg, segment) {
    var out = new Uint8Array(jpeg.length + segment.length);
    out.set(jpeg.subarray(0, 2), 0);
    out.set(segment, 2);
    out.set(jpeg.subarray(2), 2 + segment.length);
    return out;
  }

  function encode(canvas, quality) {
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) { blob ? resolve(blob) : reject(new Error("encode")); },
        "image/jpeg", quality);
    });
  }

  async function shrink(file, options) {
    var maxSide = (options && options.maxSide) || 1920;
    var quality = (options && options.quality) || 0.85;
    try {
      var bytes = new Uint8Array(await file.arrayBuffer());
      if (!isJpeg(bytes)) return file;
      var bitmap = await createImageBitmap(file); // upright: EXIF orientation applied
      var longSide = Math.max(bitmap.width, bitmap.height);
      if (longSide <= maxSide && file.size <= SHRINK_ABOVE_BYTES) { bitmap.close(); return file; }
      var scale = Math.min(1, maxSide / longSide);
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      var encoded = new Uint8Array(await (await encode(canvas, quality)).arrayBuffer());
      var exif = exifSegment(bytes);
      var result = exif ? withSegment(encoded, clearOrientation(exif)) : encoded;
      if (result.length >= file.size) return file;
      return new File([result], file.name || "photo.jpg",
        {type: "image/jpeg", lastModified: file.lastModified});
    } catch (error) {
      return file; // the server accepts and shrinks the original
    }
  }

  global.UniconPhoto = {shrink: shrink};
})(window);
