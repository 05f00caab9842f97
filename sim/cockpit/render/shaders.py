"""GLSL 3.30 shaders: ground, static boxes, instanced airframes, sky dome. Written for this project.

Mesa's software rasteriser pays for every fragment instruction over ~300k
pixels, so lighting and fog are computed per vertex (exact for flat faces;
meshes are tessellated where fog must vary) and fragment shaders stay a few
instructions long. Colours arrive already in the channel order of the read-back
(BGRA for pygame), so no shader needs to know about it.
"""

_FOG = """
uniform vec3 eye;
uniform float fog_per_m;
float fog_at(vec3 world) { return 1.0 - exp(-fog_per_m * length(world - eye)); }
"""

GROUND_VERTEX = """
#version 330
uniform mat4 mvp;
uniform bool follow;  // true: a camera-centred disc (flat ground); false: terrain in world coordinates
uniform vec3 lit_base;  // ground colour x (ambient + sun): the light on level ground
uniform vec3 sun_dir;
uniform vec3 sun_color;
uniform vec3 ground;
uniform vec3 ambient;
uniform vec3 fog_color;
in vec3 in_pos;
in vec3 in_normal;
out vec3 v_color;  // lit and fogged, less the patterns' mean
out vec2 v_xy;
out vec3 v_amp;  // 5 m checker, 40 m checker, 250 m fields: contrast left after fading and fog
""" + _FOG + """
void main() {
    vec3 world = follow ? vec3(eye.xy + in_pos.xy, in_pos.z) : in_pos;
    float d = length(world - eye);
    vec3 lit = follow ? lit_base : ground * (ambient + sun_color * max(dot(in_normal, sun_dir), 0.0));
    float fog = fog_at(world);
    // Fade each pattern out before it aliases (software rendering has no mipmaps to spare).
    v_amp = clamp(vec3(1.0) - d / vec3(300.0, 2500.0, 10000.0), 0.0, 1.0) * vec3(0.14, 0.14, 0.4) * (1.0 - fog);
    v_color = mix(lit, fog_color, fog) - lit * dot(v_amp, vec3(0.5));
    v_xy = world.xy;
    gl_Position = mvp * vec4(world, 1.0);
}
"""

GROUND_FRAGMENT = """
#version 330
uniform vec3 lit_base;
in vec3 v_color;
in vec2 v_xy;
in vec3 v_amp;
out vec4 frag;
void main() {
    // Speed and height cues: 5 m and 40 m checkers near the drone, 250 m fields of
    // quasi-random tone (R2 sequence: no visible lattice, no sin()) further out.
    vec2 a = floor(v_xy * 0.2);
    vec2 b = floor(v_xy * 0.025);
    vec2 c = floor(v_xy * 0.004);
    vec3 k = vec3(mod(a.x + a.y, 2.0), mod(b.x + b.y, 2.0), fract(dot(c, vec2(0.7548777, 0.5698403))));
    frag = vec4(v_color + dot(k, v_amp) * lit_base, 1.0);
}
"""

STATIC_VERTEX = """
#version 330
uniform mat4 mvp;
uniform vec3 sun_dir;
uniform vec3 sun_color;
uniform vec3 ambient;
uniform float night;
in vec3 in_pos;
in vec3 in_normal;
in vec3 in_color;
in vec2 in_uv;
in float in_material;
out vec3 v_color;
out vec2 v_uv;
out float v_fog;
flat out float v_windows;
""" + _FOG + """
void main() {
    vec3 lit = in_color * (ambient + sun_color * max(dot(in_normal, sun_dir), 0.0));
    int material = int(in_material + 0.5);
    // Assets are floodlit at night; pad markings glow green.
    lit += night * (material == 2 ? in_color * 0.45 : (material == 4 ? vec3(0.05, 0.25, 0.1) : vec3(0.0)));
    v_color = lit;
    v_uv = in_uv;
    v_windows = (material == 1 && in_uv.y >= 0.0) ? 1.0 : 0.0;
    v_fog = fog_at(in_pos);
    gl_Position = mvp * vec4(in_pos, 1.0);
}
"""

STATIC_FRAGMENT = """
#version 330
uniform vec3 fog_color;
uniform vec3 window_light;  // lit window colour at night, black by day
uniform vec3 window_dark;   // glass tint
in vec3 v_color;
in vec2 v_uv;
in float v_fog;
flat in float v_windows;
out vec4 frag;
void main() {
    vec3 c = v_color;
    if (v_windows > 0.5) {
        // 4 m x 3.5 m bays; about half the windows lit, picked by bay index.
        vec2 bay = v_uv * vec2(0.25, 0.2857);
        vec2 f = fract(bay) - vec2(0.5, 0.57);
        if (abs(f.x) < 0.2 && abs(f.y) < 0.22 && v_uv.y > 1.0) {
            vec2 k = floor(bay);
            c = mod(k.x * 7.0 + k.y * 3.0, 4.0) < 2.0 ? window_light : window_dark;
        }
    }
    frag = vec4(mix(c, fog_color, v_fog), 1.0);
}
"""

ENTITY_VERTEX = """
#version 330
uniform mat4 mvp;
uniform vec3 sun_dir;
uniform vec3 sun_color;
uniform vec3 ambient;
uniform float night;
in vec3 in_pos;
in vec3 in_normal;
in float in_shade;
in vec3 i_pos;
in vec4 i_quat;  // w, x, y, z
in vec3 i_color;
in float i_scale;
out vec3 v_color;
out float v_fog;
""" + _FOG + """
vec3 rotate(vec4 q, vec3 v) {
    vec3 t = 2.0 * cross(q.yzw, v);
    return v + q.x * t + cross(q.yzw, t);
}
void main() {
    vec3 world = i_pos + rotate(i_quat, in_pos * i_scale);
    float diffuse = max(dot(rotate(i_quat, in_normal), sun_dir), 0.0);
    // A little self-light at night: navigation lights and motors against the dark.
    v_color = i_color * in_shade * (ambient + sun_color * diffuse + 0.35 * night);
    v_fog = fog_at(world);
    gl_Position = mvp * vec4(world, 1.0);
}
"""

ENTITY_FRAGMENT = """
#version 330
uniform vec3 fog_color;
in vec3 v_color;
in float v_fog;
out vec4 frag;
void main() {
    frag = vec4(mix(v_color, fog_color, v_fog), 1.0);
}
"""

SKY_VERTEX = """
#version 330
uniform mat4 mvp;
uniform vec3 eye;
uniform float below_m;  // how far below the horizon the ground's edge dips, per metre of distance
in vec3 in_dir;
in vec3 in_color;
out vec3 v_color;
void main() {
    v_color = in_color;
    // Below the horizon only a sliver between the ground's far edge and the horizon shows:
    // fold the band's lower rows up to it, so no fragments are spent under the ground.
    vec3 d = in_dir;
    d.z = max(d.z, -below_m * length(d.xy));
    gl_Position = (mvp * vec4(eye + 1000.0 * d, 1.0)).xyww;  // on the far plane
}
"""

SKY_FRAGMENT = """
#version 330
in vec3 v_color;
out vec4 frag;
void main() {
    frag = vec4(v_color, 1.0);
}
"""
